using EventSourcedRag.Domain.Models;

namespace EventSourcedRag.Domain.Tests.Models;

public class ModelDeciderTests
{
    private const string Version = "lambdamart-0123456789ab";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, double> Metrics = new() { ["mrr@10"] = 0.6 };

    private static DeciderSpecification<ModelState, object> Spec() => new(ModelDecider.Decide, ModelDecider.Evolve, ModelState.Initial);

    private static readonly ModelTrained Trained =
        new(Version, "reranker", null, "set", 42, new Dictionary<string, string>(), 7, "abc", 1.5, Now);
    private static readonly ModelValidated Validated = new(Version, null, Metrics, Metrics, 40, "passed", Now);
    private static readonly ModelRejected Rejected = new(Version, null, Metrics, Metrics, 40, "mrr@10 below tolerance", Now);
    private static readonly ModelDeploymentChanged Serving = new(Version, ModelStage.Serving, 1.0, "loop", Now);

    [Fact]
    public void Given_a_validated_model_When_deployed_Then_it_serves_all_traffic() =>
        Spec().Given(Trained, Validated).When(new DeployModel(Version, "lambdamart-old", "loop", Now))
            .Then(new ModelDeploymentChanged(Version, ModelStage.Serving, 1.0, "loop (replaces lambdamart-old)", Now));

    [Fact]
    public void Given_a_rejected_model_When_deployed_Then_it_is_refused() =>
        Spec().Given(Trained, Rejected).When(new DeployModel(Version, null, "loop", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("model_not_validated");

    [Fact]
    public void Given_a_model_the_gate_has_not_judged_When_deployed_Then_it_is_refused() =>
        Spec().Given(Trained).When(new DeployModel(Version, null, "loop", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("model_not_validated");

    [Fact]
    public void Given_no_model_When_deployed_Then_it_is_unknown() =>
        Spec().Given().When(new DeployModel(Version, null, "loop", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("unknown_model");

    [Fact]
    public void Given_a_serving_model_When_deployed_again_Then_nothing_changes() =>
        Spec().Given(Trained, Validated, Serving).When(new DeployModel(Version, null, "again", Now)).ThenNothing();

    [Fact]
    public void Given_a_serving_model_When_replaced_Then_it_is_retired_with_the_successor_named() =>
        Spec().Given(Trained, Validated, Serving).When(new RetireModel(Version, "lambdamart-new", Now))
            .Then(new ModelDeploymentChanged(Version, ModelStage.Retired, 0, "replaced by lambdamart-new", Now));

    [Fact]
    public void Given_a_retired_model_When_retired_again_Then_nothing_changes() =>
        Spec().Given(Trained, Validated, Serving, new ModelDeploymentChanged(Version, ModelStage.Retired, 0, "replaced", Now))
            .When(new RetireModel(Version, "lambdamart-new", Now)).ThenNothing();

    [Fact]
    public void Given_a_serving_model_When_rolled_back_by_hand_Then_the_one_named_serves_again() =>
        Spec().Given(Trained, Validated, Serving).When(new RollBackModel(Version, "lambdamart-old", "complaints", false, Now))
            .Then(new ModelRolledBack(Version, "lambdamart-old", "complaints", false, Now));

    [Fact]
    public void Given_a_canary_model_When_rolled_back_Then_it_is_taken_out() =>
        Spec().Given(Trained, Validated, new ModelDeploymentChanged(Version, ModelStage.Parse("canary-5"), 0.05, "experiment", Now))
            .When(new RollBackModel(Version, "default", "p95 latency", true, Now)).Then(new ModelRolledBack(Version, "default", "p95 latency", true, Now));

    [Fact]
    public void Given_a_rolled_back_model_When_rolled_back_again_Then_nothing_changes() =>
        Spec().Given(Trained, Validated, Serving, new ModelRolledBack(Version, "default", "x", false, Now))
            .When(new RollBackModel(Version, "default", "again", false, Now)).ThenNothing();

    [Fact]
    public void Given_a_model_that_never_served_When_rolled_back_Then_it_is_refused() =>
        Spec().Given(Trained, Validated).When(new RollBackModel(Version, "default", "x", false, Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("model_not_serving");
}
