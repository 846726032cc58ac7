using System.Collections.Immutable;
using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// What deciding feedback on one response needs, kept as one row beside its stream and written in the same transaction
/// as the events it reflects: the shown positions and the counts the caps read. Deciding a signal loads this row rather
/// than folding the stream, so the 2,000th signal on a response reads what the first does. <see cref="Version"/> is the
/// stream version the row is current at; a row behind its stream (events written before ledgers existed, or by another
/// path) is brought level by folding only the events after it. Seen idempotency keys are rows of their own
/// (<see cref="FeedbackKeyClaim"/>), looked up by key, so the row does not grow with the signals.
/// </summary>
public sealed record FeedbackLedger(Guid Id, long Version, Dictionary<Guid, int> ShownPositions, int Signals, DateTimeOffset? WindowStart, int WindowSignals)
{
    /// <summary>The decider's state, knowing of the stored keys only <paramref name="seenKeys"/>: those of the signals being decided.</summary>
    public QueryState ToState(IEnumerable<string> seenKeys) =>
        new(Id, ShownPositions.ToImmutableDictionary(), seenKeys.ToImmutableHashSet(StringComparer.Ordinal), Signals, WindowStart, WindowSignals);

    public static FeedbackLedger Of(QueryState state, long version) =>
        new(state.ResponseId, version, state.ShownPositions.ToDictionary(), state.Signals, state.WindowStart, state.WindowSignals);
}
