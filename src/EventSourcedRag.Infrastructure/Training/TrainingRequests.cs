using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// The command side of training requests: each is a stream of its own, decided by <see cref="TrainingDecider"/>.
/// A stored request is sent to the training worker over RabbitMQ by <see cref="TrainingDispatcher"/>
/// once committed; a cancellation stops a running training at its next check.
/// </summary>
public sealed class TrainingRequests(EventSessions sessions, TimeProvider clock)
{
    /// <param name="kind">What to train (<see cref="ModelKinds"/>); an unknown kind is refused.</param>
    public async Task<Guid> RequestAsync(Guid requestId, string kind, long? asOfSequence, string trigger, string reason, EventMetadata metadata, CancellationToken ct)
    {
        await HandleAsync(metadata, requestId, new RequestTraining(requestId, kind, asOfSequence, trigger, reason, clock.GetUtcNow()), ct);
        return requestId;
    }

    public Task<object[]> CancelAsync(Guid requestId, string reason, EventMetadata metadata, CancellationToken ct) =>
        HandleAsync(metadata, requestId, new CancelTraining(requestId, reason, clock.GetUtcNow()), ct);

    /// <summary>The request's events, oldest first (none: no such request for this tenant).</summary>
    public async Task<IReadOnlyList<object>> HistoryAsync(string tenant, Guid requestId, CancellationToken ct)
    {
        await using var session = sessions.OpenRead(tenant);
        return (await session.Events.FetchStreamAsync(requestId, token: ct)).Select(e => e.Data).ToList();
    }

    public async Task<TrainingStatus> StatusAsync(string tenant, Guid requestId, CancellationToken ct) =>
        (await HistoryAsync(tenant, requestId, ct)).Aggregate(TrainingStatus.None, TrainingDecider.Evolve);

    internal Task<object[]> HandleAsync(EventMetadata metadata, Guid requestId, object command, CancellationToken ct) =>
        DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), requestId, TrainingStatus.None, TrainingDecider.Evolve,
            status => TrainingDecider.Decide(command, status), ct);
}
