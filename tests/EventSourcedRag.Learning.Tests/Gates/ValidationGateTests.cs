using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Gates;

namespace EventSourcedRag.Learning.Tests.Gates;

public class ValidationGateTests
{
    private static readonly GateOptions Options = new() { Tolerance = 0.95, MinRelativeImprovement = 0.01, MinHeldOutLists = 30 };
    private static readonly MetricSet Serving = new(Ndcg10: 0.60, Mrr10: 0.50, Recall10: 0.80, Map10: 0.45, Queries: 100);

    [Fact]
    public void Given_a_candidate_better_on_mrr_When_gated_Then_it_passes_with_the_numbers()
    {
        var verdict = ValidationGate.Decide(Serving with { Mrr10 = 0.55, Ndcg10 = 0.62 }, Serving, 100, Options);

        verdict.Passed.ShouldBeTrue();
        verdict.Reason.ShouldContain("mrr@10 0.5000 → 0.5500 (+10.0%)");
    }

    [Fact]
    public void Given_ndcg_within_tolerance_and_mrr_up_When_gated_Then_the_small_loss_is_allowed()
    {
        ValidationGate.Decide(Serving with { Mrr10 = 0.55, Ndcg10 = 0.58 }, Serving, 100, Options).Passed.ShouldBeTrue();
    }

    [Fact]
    public void Given_mrr_below_95_percent_of_the_baseline_When_gated_Then_it_is_rejected()
    {
        var verdict = ValidationGate.Decide(Serving with { Mrr10 = 0.47, Ndcg10 = 0.70 }, Serving, 100, Options);

        verdict.Passed.ShouldBeFalse();
        verdict.Reason.ShouldContain("mrr@10 0.4700 is below 95.0%");
    }

    [Fact]
    public void Given_recall_below_the_baseline_When_gated_Then_it_is_rejected_however_good_the_rest()
    {
        var verdict = ValidationGate.Decide(Serving with { Mrr10 = 0.70, Ndcg10 = 0.75, Recall10 = 0.79 }, Serving, 100, Options);

        verdict.Passed.ShouldBeFalse();
        verdict.Reason.ShouldContain("recall@10");
    }

    [Fact]
    public void Given_a_candidate_no_better_than_serving_When_gated_Then_it_is_not_worth_deploying()
    {
        var verdict = ValidationGate.Decide(Serving with { Mrr10 = 0.502 }, Serving, 100, Options);

        verdict.Passed.ShouldBeFalse();
        verdict.Reason.ShouldContain("no metric improved by +1.0%");
    }

    [Fact]
    public void Given_too_few_held_out_lists_When_gated_Then_it_is_rejected()
    {
        var verdict = ValidationGate.Decide(Serving with { Mrr10 = 0.9 }, Serving, 12, Options);

        verdict.Passed.ShouldBeFalse();
        verdict.Reason.ShouldBe("only 12 held-out lists (at least 30 are needed)");
    }

    [Fact]
    public void Given_a_deliberately_degraded_candidate_When_gated_Then_it_is_rejected()
    {
        var degraded = Serving with { Ndcg10 = 0.30, Mrr10 = 0.25, Recall10 = 0.60, Map10 = 0.2 };

        var verdict = ValidationGate.Decide(degraded, Serving, 100, Options);

        verdict.Passed.ShouldBeFalse();
        verdict.Reason.ShouldContain("mrr@10");
        verdict.Reason.ShouldContain("ndcg@10");
        verdict.Reason.ShouldContain("recall@10");
    }
}
