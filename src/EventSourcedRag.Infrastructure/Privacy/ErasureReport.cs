namespace EventSourcedRag.Infrastructure.Privacy;

/// <param name="EventsOfSubject">Events in the tenant's log written by or for the subject (they stay, sealed fields unreadable).</param>
/// <param name="ReadModelsPending">
/// Whether read models still hold rows of the subject: the worker's erasure job rebuilds them after the erasure is
/// stored (<see cref="ErasureSubscription"/>). False when the subject left no events: then nothing is rebuilt.
/// </param>
public sealed record ErasureReport(string Subject, bool AlreadyErased, long EventsOfSubject, IReadOnlyList<string> ModelsFlagged,
    bool ReadModelsPending, long? ErasedAtSequence);
