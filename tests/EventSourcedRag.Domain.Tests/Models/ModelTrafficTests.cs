using EventSourcedRag.Domain.Models;

namespace EventSourcedRag.Domain.Tests.Models;

/// <summary>The traffic changes an experiment asks for, and the restoration after a rollback by hand.</summary>
public class ModelTrafficTests
{
    private const string Version = "lambdamart-0123456789ab";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, double> Metrics = new() { ["mrr@10"] = 0.6 };

    private static DeciderSpecification<ModelState, object> Spec() => new(ModelDecider.Decide, ModelDecider.Evolve, ModelState.Initial);

    private static readonly ModelTrained Trained = new(Version, "reranker", null, "set", 42, new Dictionary<string, string>(), 7, "abc", 1.5, Now);
    private static readonly ModelValidated Validated = new(Version, null, Metrics, Metrics, 40, "passed", Now);
    private static readonly ModelRejected Rejected = new(Version, null, Metrics, Metrics, 40, "worse", Now);
    private static readonly ModelDeploymentChanged Canary5 = new(Version, ModelStage.Parse("canary-5"), 0.05, "experiment x: experiment started", Now);
    private static readonly ModelDeploymentChanged Serving = new(Version, ModelStage.Serving, 1.0, "loop", Now);
    private static readonly ModelDeploymentChanged Retired = new(Version, ModelStage.Retired, 0, "replaced by lambdamart-new", Now);

    [Fact]
    public void Given_a_validated_model_When_an_experiment_gives_it_5_percent_Then_it_enters_canary_5() =>
        Spec().Given(Trained, Validated).When(new ShiftTraffic(Version, 0.05, "experiment x: experiment started", Now)).Then(Canary5);

    [Fact]
    public void Given_a_canary_When_the_experiment_moves_to_the_next_stage_Then_its_share_grows() =>
        Spec().Given(Trained, Validated, Canary5).When(new ShiftTraffic(Version, 0.25, "experiment x: guardrails hold", Now))
            .Then(new ModelDeploymentChanged(Version, ModelStage.Parse("canary-25"), 0.25, "experiment x: guardrails hold", Now));

    [Fact]
    public void Given_a_canary_When_the_experiment_promotes_it_Then_it_serves_all_traffic() =>
        Spec().Given(Trained, Validated, Canary5).When(new ShiftTraffic(Version, 1.0, "experiment x: better", Now))
            .Then(new ModelDeploymentChanged(Version, ModelStage.Serving, 1.0, "experiment x: better", Now));

    [Fact]
    public void Given_a_canary_at_5_percent_When_the_same_stage_is_asked_again_Then_nothing_changes() =>
        Spec().Given(Trained, Validated, Canary5).When(new ShiftTraffic(Version, 0.05, "retry", Now)).ThenNothing();

    [Fact]
    public void Given_a_rejected_model_When_an_experiment_gives_it_traffic_Then_it_is_refused() =>
        Spec().Given(Trained, Rejected).When(new ShiftTraffic(Version, 0.05, "experiment x", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("model_not_validated");

    [Fact]
    public void Given_a_validated_model_When_given_no_traffic_Then_it_is_refused() =>
        Spec().Given(Trained, Validated).When(new ShiftTraffic(Version, 0, "experiment x", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("invalid_traffic_share");

    [Fact]
    public void Given_a_canary_When_its_experiment_ends_inconclusive_Then_it_is_withdrawn_with_the_reason() =>
        Spec().Given(Trained, Validated, Canary5).When(new WithdrawModel(Version, "experiment x inconclusive: no difference", Now))
            .Then(new ModelDeploymentChanged(Version, ModelStage.Retired, 0, "experiment x inconclusive: no difference", Now));

    [Fact]
    public void Given_a_model_out_of_service_When_withdrawn_Then_nothing_changes() =>
        Spec().Given(Trained, Validated, Retired).When(new WithdrawModel(Version, "again", Now)).ThenNothing();

    [Fact]
    public void Given_no_model_When_withdrawn_Then_it_is_unknown() =>
        Spec().Given().When(new WithdrawModel(Version, "x", Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("unknown_model");

    [Fact]
    public void Given_a_retired_model_When_its_successor_is_rolled_back_Then_it_serves_again() =>
        Spec().Given(Trained, Validated, Serving, Retired).When(new RestoreModel(Version, "lambdamart-new", Now))
            .Then(new ModelDeploymentChanged(Version, ModelStage.Serving, 1.0, "restored: lambdamart-new was rolled back", Now));

    [Fact]
    public void Given_a_serving_model_When_restored_Then_nothing_changes() =>
        Spec().Given(Trained, Validated, Serving).When(new RestoreModel(Version, "lambdamart-new", Now)).ThenNothing();

    [Fact]
    public void Given_a_validated_model_that_never_served_When_restored_Then_it_is_refused() =>
        Spec().Given(Trained, Validated).When(new RestoreModel(Version, "lambdamart-new", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("model_never_served");

    [Fact]
    public void Given_no_model_When_restored_Then_it_is_unknown() =>
        Spec().Given().When(new RestoreModel(Version, "lambdamart-new", Now)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("unknown_model");
}
