using System.Collections.Immutable;

namespace EventSourcedRag.Domain.Queries;

/// <summary>Write-side state of one query stream: what feedback on it must be checked against.</summary>
/// <param name="ShownPositions">Chunk id to the position it was shown at.</param>
/// <param name="FeedbackKeys">Keys of every feedback already stored, for idempotency.</param>
public sealed record QueryState(Guid ResponseId, ImmutableDictionary<Guid, int> ShownPositions, ImmutableHashSet<string> FeedbackKeys)
{
    public static QueryState Started(Guid responseId) =>
        new(responseId, ImmutableDictionary<Guid, int>.Empty, ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));
}
