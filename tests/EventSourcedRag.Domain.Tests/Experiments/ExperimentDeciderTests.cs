using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Serving;

namespace EventSourcedRag.Domain.Tests.Experiments;

public class ExperimentDeciderTests
{
    private static readonly Guid Id = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<double> Stages = [0.05, 0.25, 0.5, 1.0];
    private static readonly Dictionary<string, string> Policy = new() { ["min_queries_per_arm"] = "200" };
    private static readonly Dictionary<string, double> Stats = new() { ["ctr_p_holm"] = 0.4 };
    private static readonly Dictionary<string, double> Looks = new() { ["ctr"] = 0.4 };

    private static DeciderSpecification<ExperimentState, object> Spec() => new(ExperimentDecider.Decide, ExperimentDecider.Evolve, ExperimentState.Initial);

    private static StartExperiment Start(string unit = "user", string? control = "m1", string treatment = "m2", IReadOnlyList<double>? stages = null) =>
        new(Id, ModelKinds.Reranker, control, treatment, unit, "salt-1", stages ?? Stages, Policy, 3839, "try m2", Now);

    private static readonly ExperimentStarted Started = new(Id, ModelKinds.Reranker, "m1", "m2", "user", "salt-1", Stages, Policy, 3839, "try m2", Now);
    private static readonly RolloutStageChanged FirstStage = new(Id, 0, 0.05, "experiment started", Now);

    private static RecordEvaluation Evaluation(long window, RolloutAction action) => new(Id, window, action, $"because {RolloutActionNames.Name(action)}", Stats, Looks, Now);

    private static RolloutEvaluated Evaluated(long window, int stage, RolloutAction action) => new(Id, window, stage, action, $"because {RolloutActionNames.Name(action)}", Stats, Looks, Now);

    [Fact]
    public void Given_nothing_When_started_Then_the_experiment_and_its_first_stage_begin() =>
        Spec().Given().When(Start()).Then(Started, FirstStage);

    [Fact]
    public void Given_a_running_experiment_When_started_again_Then_nothing_changes() =>
        Spec().Given(Started, FirstStage).When(Start()).ThenNothing();

    [Theory]
    [InlineData("device", "m1", "m2", "invalid_assignment_unit")]
    [InlineData("user", "m2", "m2", "treatment_is_control")]
    public void Given_nothing_When_started_with_bad_settings_Then_it_is_refused(string unit, string control, string treatment, string code) =>
        Spec().Given().When(Start(unit, control, treatment)).ThenThrows<DomainRuleViolated>().Code.ShouldBe(code);

    [Fact]
    public void Given_nothing_When_stages_do_not_end_at_full_traffic_Then_it_is_refused() =>
        Spec().Given().When(Start(stages: [0.05, 0.5])).ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_stages");

    [Fact]
    public void Given_a_stage_When_the_evaluator_waits_Then_only_the_evaluation_is_recorded() =>
        Spec().Given(Started, FirstStage).When(Evaluation(1, RolloutAction.Wait)).Then(Evaluated(1, 0, RolloutAction.Wait));

    [Fact]
    public void Given_a_stage_When_the_evaluator_proceeds_Then_the_next_stage_begins() =>
        Spec().Given(Started, FirstStage).When(Evaluation(1, RolloutAction.Proceed))
            .Then(Evaluated(1, 0, RolloutAction.Proceed), new RolloutStageChanged(Id, 1, 0.25, "because proceed", Now));

    [Fact]
    public void Given_a_window_already_decided_When_another_worker_decides_it_Then_nothing_changes() =>
        Spec().Given(Started, FirstStage, Evaluated(5, 0, RolloutAction.Wait)).When(Evaluation(5, RolloutAction.Proceed)).ThenNothing();

    [Fact]
    public void Given_the_stage_before_full_traffic_When_the_evaluator_proceeds_Then_it_is_refused() =>
        Spec().Given(Started, FirstStage, new RolloutStageChanged(Id, 1, 0.25, "x", Now), new RolloutStageChanged(Id, 2, 0.5, "x", Now))
            .When(Evaluation(9, RolloutAction.Proceed)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("promotion_needs_decision");

    [Fact]
    public void Given_a_stage_When_the_evaluator_promotes_Then_full_traffic_and_the_experiment_ends_promoted() =>
        Spec().Given(Started, FirstStage, new RolloutStageChanged(Id, 2, 0.5, "x", Now)).When(Evaluation(3, RolloutAction.Promote))
            .Then(Evaluated(3, 2, RolloutAction.Promote), new RolloutStageChanged(Id, 3, 1.0, "because promote", Now),
                new ExperimentEnded(Id, ExperimentOutcomes.Promoted, "because promote", Now));

    [Theory]
    [InlineData(RolloutAction.Rollback, ExperimentOutcomes.RolledBack)]
    [InlineData(RolloutAction.Halt, ExperimentOutcomes.Halted)]
    [InlineData(RolloutAction.Inconclusive, ExperimentOutcomes.Inconclusive)]
    public void Given_a_stage_When_the_evaluator_ends_it_Then_the_outcome_is_recorded(RolloutAction action, string outcome) =>
        Spec().Given(Started, FirstStage).When(Evaluation(2, action))
            .Then(Evaluated(2, 0, action), new ExperimentEnded(Id, outcome, $"because {RolloutActionNames.Name(action)}", Now));

    [Fact]
    public void Given_an_ended_experiment_When_a_late_evaluation_arrives_Then_nothing_changes() =>
        Spec().Given(Started, FirstStage, new ExperimentEnded(Id, ExperimentOutcomes.RolledBack, "worse", Now)).When(Evaluation(7, RolloutAction.Proceed)).ThenNothing();

    [Fact]
    public void Given_a_running_experiment_When_stopped_by_hand_Then_it_ends_stopped() =>
        Spec().Given(Started, FirstStage).When(new StopExperiment(Id, "complaints", Now))
            .Then(new ExperimentEnded(Id, ExperimentOutcomes.Stopped, "complaints", Now));

    [Fact]
    public void Given_a_running_experiment_When_promotion_is_approved_twice_Then_it_is_recorded_once()
    {
        Spec().Given(Started, FirstStage).When(new ApprovePromotion(Id, "product call", Now)).Then(new PromotionApproved(Id, "product call", Now));
        Spec().Given(Started, FirstStage, new PromotionApproved(Id, "product call", Now)).When(new ApprovePromotion(Id, "again", Now)).ThenNothing();
    }

    [Fact]
    public void Given_no_experiment_When_evaluated_Then_not_found() =>
        Spec().Given().When(Evaluation(1, RolloutAction.Wait)).ThenThrows<StreamNotFound>();

    [Fact]
    public void A_stage_change_shifts_the_treatment_s_traffic_and_promotion_retires_the_control()
    {
        var running = new[] { Started, (object)FirstStage }.Aggregate(ExperimentState.Initial, ExperimentDecider.Evolve);

        var canary = ExperimentDecider.ModelCommands(running, [new RolloutStageChanged(Id, 1, 0.25, "guardrails hold", Now)]);
        var promoted = ExperimentDecider.ModelCommands(running, [new RolloutStageChanged(Id, 3, 1.0, "better", Now), new ExperimentEnded(Id, ExperimentOutcomes.Promoted, "better", Now)]);

        canary.ShouldHaveSingleItem().ShouldBe(("m2", (object)new ShiftTraffic("m2", 0.25, $"experiment {Id}: guardrails hold", Now)));
        promoted.ShouldBe([("m2", new ShiftTraffic("m2", 1.0, $"experiment {Id}: better", Now)), ("m1", (object)new RetireModel("m1", "m2", Now))]);
    }

    [Fact]
    public void A_rollback_restores_the_control_automatically_and_a_stop_by_hand()
    {
        var running = new[] { Started, (object)FirstStage }.Aggregate(ExperimentState.Initial, ExperimentDecider.Evolve);

        var automatic = ExperimentDecider.ModelCommands(running, [new ExperimentEnded(Id, ExperimentOutcomes.RolledBack, "worse ctr", Now)]).ShouldHaveSingleItem();
        var manual = ExperimentDecider.ModelCommands(running, [new ExperimentEnded(Id, ExperimentOutcomes.Stopped, "complaints", Now)]).ShouldHaveSingleItem();

        automatic.ShouldBe(("m2", (object)new RollBackModel("m2", "m1", $"experiment {Id} rolled_back: worse ctr", true, Now)));
        manual.Command.ShouldBeOfType<RollBackModel>().Automatic.ShouldBeFalse();
    }

    [Fact]
    public void An_inconclusive_end_withdraws_the_treatment_and_restores_nothing()
    {
        var running = new[] { Started, (object)FirstStage }.Aggregate(ExperimentState.Initial, ExperimentDecider.Evolve);

        var ended = ExperimentDecider.ModelCommands(running, [new ExperimentEnded(Id, ExperimentOutcomes.Inconclusive, "no difference", Now)]);

        ended.ShouldHaveSingleItem().ShouldBe(("m2", (object)new WithdrawModel("m2", $"experiment {Id} inconclusive: no difference", Now)));
    }

    [Fact]
    public void A_start_takes_the_tenant_s_serving_slot_and_an_end_frees_it()
    {
        var started = ExperimentDecider.ServingCommands("acme", [Started, FirstStage]);
        var ended = ExperimentDecider.ServingCommands("acme", [Evaluated(2, 0, RolloutAction.Halt), new ExperimentEnded(Id, ExperimentOutcomes.Halted, "errors", Now)]);
        var evaluated = ExperimentDecider.ServingCommands("acme", [Evaluated(1, 0, RolloutAction.Wait)]);

        started.ShouldBe([new OpenExperiment("acme", Id, ModelKinds.Reranker, Now)]);
        ended.ShouldBe([new CloseExperiment("acme", Id, ExperimentOutcomes.Halted, Now)]);
        evaluated.ShouldBeEmpty();
    }
}
