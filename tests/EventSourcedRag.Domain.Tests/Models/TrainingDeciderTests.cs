using EventSourcedRag.Domain.Models;

namespace EventSourcedRag.Domain.Tests.Models;

public class TrainingDeciderTests
{
    private static readonly Guid Id = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static DeciderSpecification<TrainingStatus, object> Spec() => new(TrainingDecider.Decide, TrainingDecider.Evolve, TrainingStatus.None);

    private static readonly TrainingRequested Requested = new(Id, "reranker", null, "command", "weekly", Now);
    private static readonly TrainingStarted Started = new(Id, "worker-1", Now);

    [Fact]
    public void Given_nothing_When_requested_Then_TrainingRequested() =>
        Spec().Given().When(new RequestTraining(Id, "reranker", null, "command", "weekly", Now)).Then(Requested);

    [Fact]
    public void Given_a_request_When_requested_again_Then_nothing_changes() =>
        Spec().Given(Requested).When(new RequestTraining(Id, "reranker", null, "schedule", "again", Now)).ThenNothing();

    [Fact]
    public void Given_a_request_When_a_worker_starts_it_Then_TrainingStarted() =>
        Spec().Given(Requested).When(new StartTraining(Id, "worker-1", Now)).Then(Started);

    [Fact]
    public void Given_a_cancelled_request_When_a_worker_picks_it_up_Then_it_does_not_start() =>
        Spec().Given(Requested, new TrainingCancelled(Id, "not now", Now)).When(new StartTraining(Id, "worker-1", Now)).ThenNothing();

    [Fact]
    public void Given_a_running_training_When_cancelled_Then_TrainingCancelled() =>
        Spec().Given(Requested, Started).When(new CancelTraining(Id, "wrong data", Now)).Then(new TrainingCancelled(Id, "wrong data", Now));

    [Fact]
    public void Given_a_training_cancelled_while_running_When_it_completes_Then_the_outcome_is_not_recorded() =>
        Spec().Given(Requested, Started, new TrainingCancelled(Id, "stop", Now)).When(new CompleteTraining(Id, "m1", true, 1, Now)).ThenNothing();

    [Fact]
    public void Given_a_completed_training_When_cancelled_Then_it_is_refused() =>
        Spec().Given(Requested, Started, new TrainingCompleted(Id, "m1", true, 1, Now)).When(new CancelTraining(Id, "late", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("training_finished");

    [Fact]
    public void Given_no_request_When_cancelled_Then_not_found() =>
        Spec().Given().When(new CancelTraining(Id, "x", Now)).ThenThrows<StreamNotFound>();

    [Fact]
    public void Given_nothing_When_a_query_adapter_is_requested_Then_TrainingRequested_names_the_kind() =>
        Spec().Given().When(new RequestTraining(Id, ModelKinds.QueryAdapter, 40, "command", "new clicks", Now))
            .Then(new TrainingRequested(Id, ModelKinds.QueryAdapter, 40, "command", "new clicks", Now));

    [Fact]
    public void Given_nothing_When_an_unknown_kind_is_requested_Then_it_is_refused() =>
        Spec().Given().When(new RequestTraining(Id, "cross-encoder", null, "command", "x", Now))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("unknown_model_kind");
}
