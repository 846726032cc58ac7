using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Serving;

namespace EventSourcedRag.Domain.Tests.Serving;

public class TenantServingDeciderTests
{
    private const string Tenant = "acme";
    private static readonly Guid First = Guid.Parse("55555555-5555-5555-5555-555555555555");
    private static readonly Guid Second = Guid.Parse("66666666-6666-6666-6666-666666666666");
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static DeciderSpecification<TenantServingState, object> Spec() => new(TenantServingDecider.Decide, TenantServingDecider.Evolve, TenantServingState.Initial);

    private static readonly ServingExperimentOpened FirstOpened = new(Tenant, First, ModelKinds.Reranker, Now);
    private static readonly ServingExperimentClosed FirstClosed = new(Tenant, First, "stopped", Now);

    [Fact]
    public void Given_no_experiment_When_one_starts_Then_it_takes_the_tenant_s_slot() =>
        Spec().Given().When(new OpenExperiment(Tenant, First, ModelKinds.Reranker, Now)).Then(FirstOpened);

    [Fact]
    public void Given_a_running_experiment_When_another_starts_Then_it_is_refused() =>
        Spec().Given(FirstOpened).When(new OpenExperiment(Tenant, Second, ModelKinds.QueryAdapter, Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("experiment_running");

    [Fact]
    public void Given_a_running_experiment_When_the_same_start_is_repeated_Then_nothing_changes() =>
        Spec().Given(FirstOpened).When(new OpenExperiment(Tenant, First, ModelKinds.Reranker, Now)).ThenNothing();

    [Fact]
    public void Given_an_experiment_that_ended_When_another_starts_Then_it_takes_the_slot() =>
        Spec().Given(FirstOpened, FirstClosed).When(new OpenExperiment(Tenant, Second, ModelKinds.Reranker, Now))
            .Then(new ServingExperimentOpened(Tenant, Second, ModelKinds.Reranker, Now));

    [Fact]
    public void Given_a_running_experiment_When_it_ends_Then_the_slot_is_freed() =>
        Spec().Given(FirstOpened).When(new CloseExperiment(Tenant, First, "stopped", Now)).Then(FirstClosed);

    [Fact]
    public void Given_no_experiment_opened_here_When_one_ends_Then_nothing_changes() =>
        Spec().Given().When(new CloseExperiment(Tenant, First, "promoted", Now)).ThenNothing();

    [Fact]
    public void Given_an_experiment_on_rerankers_When_a_reranker_is_deployed_by_hand_Then_it_is_refused() =>
        Spec().Given(FirstOpened).When(new DeployByHand(Tenant, ModelKinds.Reranker, "lambdamart-b", "lambdamart-a", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("experiment_running");

    [Fact]
    public void Given_an_experiment_on_rerankers_When_a_query_adapter_is_deployed_by_hand_Then_it_is_recorded() =>
        Spec().Given(FirstOpened).When(new DeployByHand(Tenant, ModelKinds.QueryAdapter, "adapter-b", null, Now))
            .Then(new ServingModelDeployed(Tenant, ModelKinds.QueryAdapter, "adapter-b", null, Now));

    [Fact]
    public void Given_an_experiment_that_ended_When_a_model_of_its_kind_is_deployed_by_hand_Then_it_is_recorded() =>
        Spec().Given(FirstOpened, FirstClosed).When(new DeployByHand(Tenant, ModelKinds.Reranker, "lambdamart-b", "lambdamart-a", Now))
            .Then(new ServingModelDeployed(Tenant, ModelKinds.Reranker, "lambdamart-b", "lambdamart-a", Now));
}
