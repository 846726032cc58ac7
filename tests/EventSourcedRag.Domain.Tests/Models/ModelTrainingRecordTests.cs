using EventSourcedRag.Domain.Models;

namespace EventSourcedRag.Domain.Tests.Models;

public class ModelTrainingRecordTests
{
    private const string Version = "lambdamart-0123456789ab";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, double> Metrics = new() { ["mrr@10"] = 0.62 };
    private static readonly Dictionary<string, double> Baseline = new() { ["mrr@10"] = 0.55 };
    private static readonly Dictionary<string, string> Hyper = new() { ["algorithm"] = "lambdamart-lightgbm" };

    private static DeciderSpecification<ModelState, object> Spec() => new(ModelDecider.Decide, ModelDecider.Evolve, ModelState.Initial);

    private static RecordTrainedModel Training(string kind = ModelKinds.Reranker) =>
        new(Version, kind, "lambdamart-old", "set-sha", 42, Hyper, 7, "artifact-sha", 1.5, Now);

    private static RecordGateVerdict Verdict(bool passed) => new(Version, passed, "lambdamart-old", Metrics, Baseline, 40, passed ? "passed" : "worse", Now);

    private static readonly ModelTrained Trained = new(Version, ModelKinds.Reranker, "lambdamart-old", "set-sha", 42, Hyper, 7, "artifact-sha", 1.5, Now);
    private static readonly ModelValidated Validated = new(Version, "lambdamart-old", Metrics, Baseline, 40, "passed", Now);

    [Fact]
    public void Given_no_model_When_a_training_run_is_recorded_Then_ModelTrained_carries_its_inputs_and_artifact() =>
        Spec().Given().When(Training()).Then(Trained);

    [Fact]
    public void Given_a_trained_model_When_the_same_inputs_are_trained_again_Then_the_run_is_recorded_again() =>
        Spec().Given(Trained, Validated).When(Training()).Then(Trained);

    [Fact]
    public void Given_a_reranker_When_the_same_version_is_recorded_as_a_query_adapter_Then_it_is_refused() =>
        Spec().Given(Trained).When(Training(ModelKinds.QueryAdapter)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("model_kind_mismatch");

    [Fact]
    public void Given_no_model_When_a_run_of_an_unknown_kind_is_recorded_Then_it_is_refused() =>
        Spec().Given().When(Training("ranker-of-doom")).ThenThrows<DomainRuleViolated>().Code.ShouldBe("unknown_model_kind");

    [Fact]
    public void Given_a_trained_model_When_the_gate_passes_it_Then_ModelValidated_with_both_metric_sets() =>
        Spec().Given(Trained).When(Verdict(passed: true)).Then(Validated);

    [Fact]
    public void Given_a_trained_model_When_the_gate_fails_it_Then_ModelRejected() =>
        Spec().Given(Trained).When(Verdict(passed: false)).Then(new ModelRejected(Version, "lambdamart-old", Metrics, Baseline, 40, "worse", Now));

    [Fact]
    public void Given_a_validated_model_When_the_gate_judges_the_same_bytes_again_Then_its_first_verdict_stands() =>
        Spec().Given(Trained, Validated).When(Verdict(passed: false)).ThenNothing();

    [Fact]
    public void Given_no_model_When_a_verdict_is_recorded_Then_it_is_refused() =>
        Spec().Given().When(Verdict(passed: true)).ThenThrows<DomainRuleViolated>().Code.ShouldBe("unknown_model");

    [Fact]
    public void Given_no_model_When_the_run_and_its_verdict_are_decided_in_turn_Then_both_are_stored_and_the_model_is_deployable()
    {
        var events = ModelDecider.DecideInTurn(ModelState.Initial, Training(), Verdict(passed: true));

        events.Select(e => e.GetType()).ShouldBe([typeof(ModelTrained), typeof(ModelValidated)]);
        var state = events.Aggregate(ModelState.Initial, ModelDecider.Evolve);
        ModelDecider.EnsureDeployable(Version, state).Verdict.ShouldBe(true);
    }
}
