using System.Runtime.ExceptionServices;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Infrastructure.Privacy;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>Records feedback on responses: exactly once per idempotency key, even when retries race; appends are batched (<see cref="FeedbackBatcher"/>).</summary>
public sealed class FeedbackService(FeedbackBatcher batcher, PersonalData personal, TimeProvider clock, Telemetry telemetry, IOptions<FeedbackOptions> options)
{
    public const int MaxKeyLength = 200;

    private readonly int _perResponse = options.Value.MaxSignalsPerResponsePerHour;

    /// <returns>The event stored, or null when the submission was a duplicate.</returns>
    public async Task<object?> RecordAsync(Guid responseId, FeedbackSignal signal, string? idempotencyKey, DateTimeOffset? clientAt, EventMetadata metadata, CancellationToken ct)
    {
        var outcome = (await RecordAllAsync([new FeedbackSubmission(responseId, signal, idempotencyKey, clientAt)], metadata, ct))[0];
        if (outcome.Refusal is not null) ExceptionDispatchInfo.Throw(outcome.Refusal);
        return outcome.Events.FirstOrDefault();
    }

    /// <summary>
    /// Records the signals of one request in one transaction: the outcome of each, in order. A refused signal (invalid,
    /// over a cap, on an unknown response) is refused alone; the call throws only when nothing could be stored.
    /// </summary>
    public async Task<FeedbackOutcome[]> RecordAllAsync(IReadOnlyList<FeedbackSubmission> submissions, EventMetadata metadata, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var seal = submissions.Any(s => PersonalData.CarriesPersonalData(s.Signal)) ? await personal.SealerAsync(metadata.Tenant, metadata.Actor, ct) : events => events;
        var outcomes = new FeedbackOutcome[submissions.Count];
        var items = new List<(int Index, FeedbackItem Item)>(submissions.Count);
        for (var i = 0; i < submissions.Count; i++)
        {
            var s = submissions[i];
            if (s.IdempotencyKey is { Length: 0 or > MaxKeyLength })
            {
                outcomes[i] = FeedbackOutcome.Refused(new Domain.DomainRuleViolated("invalid_idempotency_key", $"idempotency_key must be 1 to {MaxKeyLength} characters."));
                continue;
            }
            var key = s.IdempotencyKey is null ? RecordFeedback.DeriveKey(s.ResponseId, s.Signal, s.ClientAt) : "k:" + s.IdempotencyKey;
            items.Add((i, new FeedbackItem(new RecordFeedback(s.ResponseId, key, s.Signal, s.ClientAt, now, _perResponse), metadata, seal)));
        }

        var decided = await batcher.SubmitAsync(items.Select(i => i.Item).ToList()).WaitAsync(ct);
        for (var i = 0; i < items.Count; i++)
        {
            outcomes[items[i].Index] = decided[i];
            telemetry.Feedback(items[i].Item.Command.Signal.GetType().Name.ToLowerInvariant(), stored: decided[i].Stored);
        }
        return outcomes;
    }
}
