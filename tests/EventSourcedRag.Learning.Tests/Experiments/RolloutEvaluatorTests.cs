using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Learning.Experiments;

namespace EventSourcedRag.Learning.Tests.Experiments;

public class RolloutEvaluatorTests
{
    private static readonly RolloutPolicy Policy = new();
    private static readonly IReadOnlyDictionary<string, double> NoLooks = new Dictionary<string, double>();
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    // An arm: queries split over units two queries each, a click share at rank 2 (reciprocal rank 0.5), thumbs 80 % up.
    private static ArmSummary Arm(long queries, double ctr = 0.4, double abandonment = 0.2, double errors = 0.0, double p95 = 50, long? units = null)
    {
        var clicked = (long)Math.Round(queries * ctr);
        return new ArmSummary(units ?? queries / 2, queries, clicked, clicked * 0.5, clicked * 0.25, 40, 10,
            (long)Math.Round(queries * abandonment), (long)Math.Round(queries * errors), p95);
    }

    private static RolloutDecision When(ArmSummary control, ArmSummary treatment, int stage = 0, TimeSpan? stageAge = null,
        TimeSpan? age = null, bool approved = false, IReadOnlyDictionary<string, double>? previous = null) =>
        RolloutEvaluator.Evaluate(control, treatment, new RolloutSituation(stage, stageAge ?? Hour, age ?? Hour, approved), previous ?? NoLooks, Policy);

    // At the first stage (5 %) a planned 95/5 split of 20,000 queries.
    private static (ArmSummary Control, ArmSummary Treatment) FirstStage(double treatmentCtr = 0.4, double treatmentErrors = 0, double treatmentP95 = 50, double treatmentAbandonment = 0.2) =>
        (Arm(19_000), Arm(1_000, treatmentCtr, treatmentAbandonment, treatmentErrors, treatmentP95));

    [Fact]
    public void Given_too_few_responses_in_an_arm_Then_it_waits()
    {
        var decision = When(Arm(5_000), Arm(150));
        decision.Action.ShouldBe(RolloutAction.Wait);
        decision.Reason.ShouldContain("collecting");
    }

    [Fact]
    public void Given_a_broken_assignment_Then_the_experiment_halts()
    {
        // Half-and-half planned at the 50 % stage, 4,700 against 5,300 units observed: χ² = 36.
        var decision = When(Arm(9_400, units: 4_700), Arm(10_600, units: 5_300), stage: 2);
        decision.Action.ShouldBe(RolloutAction.Halt);
        decision.Statistics["srm_chi_square"].ShouldBe(36, 1e-9);
        decision.Reason.ShouldContain("sample-ratio mismatch");
    }

    [Fact]
    public void Given_the_treatment_errs_more_than_twice_as_often_Then_it_is_rolled_back()
    {
        var (control, treatment) = FirstStage(treatmentErrors: 0.03);
        When(control with { Errors = 190 }, treatment).Action.ShouldBe(RolloutAction.Rollback);
    }

    [Fact]
    public void Given_the_treatment_is_much_slower_Then_it_is_rolled_back()
    {
        var (control, treatment) = FirstStage(treatmentP95: 100);
        var decision = When(control, treatment);
        decision.Action.ShouldBe(RolloutAction.Rollback);
        decision.Reason.ShouldContain("p95 latency 100 ms exceeds 1.5");
    }

    [Fact]
    public void Given_a_few_milliseconds_more_at_a_small_latency_Then_it_is_not_a_reason_to_roll_back()
    {
        var (control, treatment) = FirstStage(treatmentP95: 5);
        When(control with { LatencyP95Ms = 2 }, treatment).Action.ShouldBe(RolloutAction.Proceed); // 2.5 ×, but 3 ms
    }

    [Fact]
    public void Given_users_dislike_the_treatments_answers_Then_it_is_rolled_back()
    {
        var (control, treatment) = FirstStage();
        var decision = When(control, treatment with { ThumbsUp = 10, ThumbsDown = 40 });
        decision.Action.ShouldBe(RolloutAction.Rollback);
        decision.Reason.ShouldContain("thumbs-up share");
    }

    [Fact]
    public void Given_a_clearly_lower_click_through_Then_it_is_rolled_back_at_the_first_stage()
    {
        var (control, treatment) = FirstStage(treatmentCtr: 0.3);
        var decision = When(control, treatment);
        decision.Action.ShouldBe(RolloutAction.Rollback);
        decision.Reason.ShouldContain("significantly worse on ctr");
        decision.Statistics["ctr_improvement"].ShouldBe(-0.1, 1e-9);
        decision.Statistics["ctr_p_holm"].ShouldBeLessThan(0.05);
    }

    [Fact]
    public void Given_equal_arms_after_the_stage_minimum_Then_it_proceeds_and_before_it_it_waits()
    {
        var (control, treatment) = FirstStage();
        When(control, treatment).Action.ShouldBe(RolloutAction.Proceed);
        When(control, treatment, stageAge: TimeSpan.FromMinutes(10)).Action.ShouldBe(RolloutAction.Wait);
    }

    [Fact]
    public void Given_equal_arms_before_full_traffic_Then_promotion_waits_for_significance_or_an_admin()
    {
        var (control, treatment) = (Arm(10_000), Arm(10_000));
        When(control, treatment, stage: 2).Action.ShouldBe(RolloutAction.Wait);
        When(control, treatment, stage: 2, approved: true).Action.ShouldBe(RolloutAction.Promote);
        When(control, Arm(10_000, ctr: 0.45), stage: 2).Action.ShouldBe(RolloutAction.Promote);
    }

    [Fact]
    public void Given_no_difference_at_the_maximum_duration_Then_the_experiment_is_inconclusive()
    {
        var (control, treatment) = FirstStage();
        var decision = When(control, treatment, age: TimeSpan.FromDays(15));
        decision.Action.ShouldBe(RolloutAction.Inconclusive);
    }

    [Fact]
    public void Given_earlier_looks_Then_the_always_valid_p_values_only_fall()
    {
        var (control, treatment) = FirstStage();
        var earlier = new Dictionary<string, double> { [RolloutEvaluator.Ctr] = 0.2, [RolloutEvaluator.ReciprocalRank] = 1, [RolloutEvaluator.Abandonment] = 1 };

        var decision = When(control, treatment, previous: earlier);

        decision.SequentialPValues[RolloutEvaluator.Ctr].ShouldBe(0.2);
        decision.SequentialPValues.Values.ShouldAllBe(p => p <= 1);
        decision.Action.ShouldBe(RolloutAction.Proceed);
    }

    [Fact]
    public void The_full_traffic_stage_is_not_evaluated() =>
        Should.Throw<ArgumentOutOfRangeException>(() => When(Arm(1_000), Arm(1_000), stage: 3));
}
