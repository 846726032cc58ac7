using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Learning.Ranking;

namespace EventSourcedRag.Learning.Tests.Ranking;

public class LambdaMartTrainerTests
{
    private static readonly LambdaMartOptions Small = new() { Trees = 40, Leaves = 8, MinRowsPerLeaf = 5, LearningRate = 0.1 };

    [Fact]
    public void Learns_a_feature_interaction_that_no_single_feature_ranks_well()
    {
        var train = SyntheticLists.Make(300, seed: 1, SyntheticLists.InteractionRule);
        var test = SyntheticLists.Make(150, seed: 2, SyntheticLists.InteractionRule);

        var fit = new LambdaMartTrainer(Small).Train(train, SyntheticLists.Width);

        var learned = SyntheticLists.MeanNdcg(test, r => fit.Ensemble.Score(r));
        var bestSingle = Enumerable.Range(0, SyntheticLists.Width).Max(f => SyntheticLists.MeanNdcg(test, r => r[f]));
        learned.ShouldBeGreaterThan(0.95);
        learned.ShouldBeGreaterThan(bestSingle + 0.05);
    }

    [Fact]
    public void The_same_lists_and_seed_give_the_same_model_bytes()
    {
        var lists = SyntheticLists.Make(120, seed: 3, SyntheticLists.InteractionRule);

        var first = TreeEnsembleOnnx.Export(new LambdaMartTrainer(Small).Train(lists, SyntheticLists.Width).Ensemble);
        var second = TreeEnsembleOnnx.Export(new LambdaMartTrainer(Small).Train(lists, SyntheticLists.Width).Ensemble);

        second.ShouldBe(first);
    }

    [Fact]
    public void Converted_trees_score_every_training_row_as_the_trainer_does()
    {
        var lists = SyntheticLists.Make(100, seed: 4, SyntheticLists.InteractionRule);

        var fit = new LambdaMartTrainer(Small).Train(lists, SyntheticLists.Width);

        var rows = lists.Where(l => l.HasRelevant).SelectMany(l => l.Rows).ToList();
        fit.TrainerScores.Length.ShouldBe(rows.Count);
        for (var i = 0; i < rows.Count; i++)
            fit.Ensemble.Score(rows[i]).ShouldBe(fit.TrainerScores[i], 1e-4);
    }

    [Fact]
    public void Row_weights_decide_between_contradicting_lists()
    {
        // Confident feedback says f0 marks relevance; a flood of barely trusted feedback says f1 does.
        var trusted = SyntheticLists.Make(150, seed: 5, r => r[0] > 0.7f ? 1 : 0, weight: 1f);
        var doubtful = SyntheticLists.Make(150, seed: 6, r => r[1] > 0.7f ? 1 : 0, weight: 0.02f);

        var fit = new LambdaMartTrainer(Small).Train([.. trusted, .. doubtful], SyntheticLists.Width);

        var test = SyntheticLists.Make(100, seed: 7, r => r[0] > 0.7f ? 1 : 0);
        SyntheticLists.MeanNdcg(test, r => fit.Ensemble.Score(r)).ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void Lists_without_a_relevant_row_cannot_train_a_ranker()
    {
        var lists = SyntheticLists.Make(20, seed: 8, _ => 0);

        Should.Throw<ArgumentException>(() => new LambdaMartTrainer(Small).Train(lists, SyntheticLists.Width))
            .Message.ShouldContain("nothing to rank");
    }
}
