using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Infrastructure.Tests.Training;

public class LearningSetAssemblerTests
{
    private static readonly Guid Response = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly Guid[] Chunks = Enumerable.Range(1, 4).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
    private static readonly double[] Propensities = [1.0, 0.5, 0.25, 0.125];

    private static ServedList Served(params string[] names) => new()
    {
        Tenant = "t", ResponseId = Response, NormalizedQuery = "q", Sequence = 10, FeatureNames = [.. names],
        Rows = Chunks.Select((c, i) => new LoggedFeatures(i + 1, c, names.Select((_, f) => (float)(10 * (i + 1) + f)).ToList())).ToList(),
    };

    private static TrainingPair Pair(int clicked, int negative, double positiveWeight, params TrainingSignal[] negativeSignals) => new()
    {
        Tenant = "t", ResponseId = Response, NormalizedQuery = "q",
        PositiveChunk = Chunks[clicked - 1], PositivePosition = clicked, PositiveWeight = positiveWeight, PositiveSignals = [TrainingSignal.ClickWithDwell],
        NegativeChunk = Chunks[negative - 1], NegativePosition = negative, NegativeWeight = -1, NegativeSignals = [.. negativeSignals],
    };

    [Fact]
    public void A_click_low_in_the_list_weighs_its_inverse_examination_propensity_and_every_shown_row_is_kept()
    {
        var lists = LearningSetAssembler.Assemble([Pair(3, 1, 1.0, TrainingSignal.SkipAbove), Pair(3, 2, 1.0, TrainingSignal.SkipAbove)],
            [Served("a", "b")], Propensities, ["a", "b"]);

        var list = lists.ShouldHaveSingleItem().List;
        list.Labels.ShouldBe([0, 0, 1, 0]);
        list.Weights[2].ShouldBe(4f);                  // confidence 1 over propensity 0.25 at rank 3
        list.Weights[0].ShouldBe(1f);                  // skipped at rank 1, examined for sure
        list.Weights[1].ShouldBe(0.5f);                // skipped at rank 2: only as sure as rank 2 was examined
        list.Weights[3].ShouldBe(1f);                  // below the click: an ordinary unclicked row
    }

    [Fact]
    public void Strong_evidence_grades_a_positive_2_and_the_inverse_weight_is_capped()
    {
        var lists = LearningSetAssembler.Assemble([Pair(4, 1, 2.0, TrainingSignal.WrongSource)], [Served("a")], [1.0, 0.5, 0.25, 0.01], ["a"]);

        var list = lists.ShouldHaveSingleItem().List;
        list.Labels[3].ShouldBe(2);
        list.Weights[3].ShouldBe((float)LearningSetAssembler.MaxInverseWeight);
    }

    [Fact]
    public void Rows_are_mapped_by_feature_name_and_features_the_list_was_not_logged_with_are_zero()
    {
        var lists = LearningSetAssembler.Assemble([Pair(2, 1, 1.0, TrainingSignal.SkipAbove)], [Served("b", "a")], Propensities, ["a", "new", "b"]);

        lists.ShouldHaveSingleItem().List.Rows[0].ShouldBe([11f, 0f, 10f]);
    }

    [Fact]
    public void A_list_served_before_features_were_logged_or_without_a_positive_is_left_out()
    {
        LearningSetAssembler.Assemble([Pair(2, 1, 1.0, TrainingSignal.SkipAbove)], [], Propensities, ["a"]).ShouldBeEmpty();
        LearningSetAssembler.Assemble([Pair(2, 1, 0, TrainingSignal.SkipAbove)], [Served("a")], Propensities, ["a"]).ShouldBeEmpty();
    }
}
