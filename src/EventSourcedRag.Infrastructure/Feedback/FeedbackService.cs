using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Observability;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>Records feedback on a response: exactly once per idempotency key, even when retries race; appends are batched (<see cref="FeedbackBatcher"/>).</summary>
public sealed class FeedbackService(FeedbackBatcher batcher, PersonalData personal, TimeProvider clock, Telemetry telemetry)
{
    public const int MaxKeyLength = 200;

    /// <returns>The event stored, or null when the submission was a duplicate.</returns>
    public async Task<object?> RecordAsync(Guid responseId, FeedbackSignal signal, string? idempotencyKey, DateTimeOffset? clientAt, EventMetadata metadata, CancellationToken ct)
    {
        if (idempotencyKey is { Length: 0 or > MaxKeyLength })
            throw new Domain.DomainRuleViolated("invalid_idempotency_key", $"idempotency_key must be 1 to {MaxKeyLength} characters.");
        var key = idempotencyKey is null ? RecordFeedback.DeriveKey(responseId, signal, clientAt) : "k:" + idempotencyKey;
        var command = new RecordFeedback(responseId, key, signal, clientAt, clock.GetUtcNow());
        var seal = PersonalData.CarriesPersonalData(signal) ? await personal.SealerAsync(metadata.Tenant, metadata.Actor, ct) : events => events;
        var events = await batcher.RecordAsync(command, metadata, seal).WaitAsync(ct);
        telemetry.Feedback(signal.GetType().Name.ToLowerInvariant(), stored: events.Length > 0);
        return events.FirstOrDefault();
    }
}
