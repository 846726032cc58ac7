using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Learning.Ranking;

namespace EventSourcedRag.Infrastructure.Tests.Models;

public class OnnxRerankerTests
{
    private const int Width = 4;

    private static List<LabelledList> Lists(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(l =>
        {
            var rows = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
            var labels = rows.Select(r => r[1] > 0.5f && r[2] < 0.4f ? 2 : r[1] > 0.7f ? 1 : 0).ToList();
            return new LabelledList($"l{l}", rows, labels, Enumerable.Repeat(1f, rows.Count).ToList());
        }).ToList();
    }

    [Fact]
    public void ONNX_Runtime_scores_the_exported_trees_as_the_trainer_scored_them()
    {
        var lists = Lists(150, seed: 11);
        var fit = new LambdaMartTrainer(new LambdaMartOptions { Trees = 30, Leaves = 8, MinRowsPerLeaf = 5, LearningRate = 0.1 }).Train(lists, Width);

        using var reranker = new OnnxReranker("lm-test", TreeEnsembleOnnx.Export(fit.Ensemble));
        var rows = lists.Where(l => l.HasRelevant).SelectMany(l => l.Rows).ToList();
        var served = reranker.Score(rows);

        served.Length.ShouldBe(rows.Count);
        for (var i = 0; i < rows.Count; i++)
            served[i].ShouldBe(fit.TrainerScores[i], 1e-4);
        reranker.Version.ShouldBe("lm-test");
    }

    [Fact]
    public void A_single_leaf_tree_and_a_bias_survive_the_export()
    {
        var ensemble = new TreeEnsemble(Width, 0.25,
        [
            new RegressionTree([], [], [], [], [1.5], 1),
            new RegressionTree([2, 0], [0.5f, 0.3f], [1, -1], [-3, -2], [10, 20, 30], 0.5),
        ]);
        using var reranker = new OnnxReranker("hand-made", TreeEnsembleOnnx.Export(ensemble));

        float[][] rows = [[0.1f, 0, 0.2f, 0], [0.9f, 0, 0.2f, 0], [0, 0, 0.7f, 0]];
        var served = reranker.Score(rows);

        served.ShouldBe([0.25 + 1.5 + 5, 0.25 + 1.5 + 10, 0.25 + 1.5 + 15], tolerance: 1e-5);
        rows.Select(r => ensemble.Score(r)).ShouldBe(served, tolerance: 1e-5);
    }

    [Fact]
    public void Rows_narrower_than_the_model_are_refused()
    {
        var ensemble = new TreeEnsemble(Width, 0, [new RegressionTree([], [], [], [], [1], 1)]);
        using var reranker = new OnnxReranker("narrow", TreeEnsembleOnnx.Export(ensemble));

        Should.Throw<ArgumentException>(() => reranker.Score([new float[2]])).Message.ShouldContain("needs 4 features");
    }
}
