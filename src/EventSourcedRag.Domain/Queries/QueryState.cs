using System.Collections.Immutable;

namespace EventSourcedRag.Domain.Queries;

/// <summary>Write-side state of one query stream: what feedback on it must be checked against.</summary>
/// <param name="ShownPositions">Chunk id to the position it was shown at.</param>
/// <param name="FeedbackKeys">
/// Keys of feedback already stored, for idempotency. Folded from the whole stream this is every key; loaded from the
/// feedback ledger it is only the keys of the signals being decided (each looked up on its own), which is all a
/// decision reads.
/// </param>
/// <param name="Signals">Feedback events stored on the response.</param>
/// <param name="WindowStart">When the current per-response cap window (<see cref="QueryDecider.FeedbackWindow"/>) began.</param>
/// <param name="WindowSignals">Feedback events stored since <paramref name="WindowStart"/>.</param>
public sealed record QueryState(Guid ResponseId, ImmutableDictionary<Guid, int> ShownPositions, ImmutableHashSet<string> FeedbackKeys,
    int Signals = 0, DateTimeOffset? WindowStart = null, int WindowSignals = 0)
{
    public static QueryState Started(Guid responseId) =>
        new(responseId, ImmutableDictionary<Guid, int>.Empty, ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));
}
