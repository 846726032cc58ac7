using EventSourcedRag.Projections.Experiments;

namespace EventSourcedRag.Projections.Tests.ReadModels;

public class ExperimentStatisticsProjectionTests
{
    [Fact]
    public void Given_traffic_in_two_stages_Then_each_stage_and_arm_counts_its_own_units_clicks_ranks_and_failures()
    {
        var history = new History();
        // Stage 0: control serves u:1 twice and u:2 once; the treatment serves u:3 and fails once for u:4.
        var a = history.Ask("q", user: "u:1", experiment: "x1", variant: "control", stage: 0, unit: "u:1");
        history.Click(a, 2, 2).Click(a, 1, 1).ThumbsUp(a);
        history.Ask("q", user: "u:1", experiment: "x1", variant: "control", stage: 0, unit: "u:1");
        var b = history.Ask("q", user: "u:2", experiment: "x1", variant: "control", stage: 0, unit: "u:2");
        history.Abandon(b);
        var c = history.Ask("q", user: "u:3", experiment: "x1", variant: "treatment", stage: 0, unit: "u:3");
        history.Click(c, 1, 1).ThumbsDown(c);
        history.Fail("u:4", "x1", "treatment", 0);
        // Stage 1: u:1 again, now counted afresh.
        history.Ask("q", user: "u:1", experiment: "x1", variant: "control", stage: 1, unit: "u:1");

        var model = history.Fold(new ExperimentStatisticsProjection());

        var control = model.Variants.Find(ExperimentStatisticsProjection.KeyOf("default", "x1", 0, "control"))!;
        (control.Exposures, control.Queries, control.Clicks, control.ClickedResponses, control.Abandons, control.ThumbsUp).ShouldBe((2L, 3L, 2L, 1L, 1L, 1L));
        control.FirstClickReciprocalRankSum.ShouldBe(0.5); // the first click was at rank 2
        control.FirstClickReciprocalRankSquares.ShouldBe(0.25);
        var treatment = model.Variants.Find(ExperimentStatisticsProjection.KeyOf("default", "x1", 0, "treatment"))!;
        (treatment.Exposures, treatment.Queries, treatment.Errors, treatment.ClickedResponses, treatment.ThumbsDown).ShouldBe((2L, 2L, 1L, 1L, 1L));
        treatment.FirstClickReciprocalRankSquares.ShouldBe(1);
        var later = model.Variants.Find(ExperimentStatisticsProjection.KeyOf("default", "x1", 1, "control"))!;
        (later.Exposures, later.Queries).ShouldBe((1L, 1L));
    }

    [Fact]
    public void Given_traffic_outside_experiments_Then_it_is_counted_by_retriever_under_none()
    {
        var history = new History();
        history.Ask("q");

        var model = history.Fold(new ExperimentStatisticsProjection());

        model.Variants.Find(ExperimentStatisticsProjection.KeyOf("default", ExperimentStatisticsProjection.NoExperiment, 0, "hybrid-v1"))!.Queries.ShouldBe(1);
    }
}
