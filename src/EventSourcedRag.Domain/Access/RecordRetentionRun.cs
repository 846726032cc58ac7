namespace EventSourcedRag.Domain.Access;

/// <summary>Record one retention run: the query streams it removes and the audit-chain links it marks, committed together.</summary>
/// <param name="Category"><see cref="RetentionPolicy.Queries"/> or <see cref="RetentionPolicy.Feedback"/>.</param>
/// <param name="Sequences">The sequence of every event removed.</param>
/// <param name="EventTypes">The stored type of every event removed (repeats allowed).</param>
/// <param name="RemovedDigest">SHA-256 over "sequence:link" of the removed events, in sequence order (computed by the audit chain).</param>
public sealed record RecordRetentionRun(
    Guid RunId, string Category, DateTimeOffset Cutoff, long StreamsRemoved, IReadOnlyList<long> Sequences, IReadOnlyList<string> EventTypes,
    string RemovedDigest, DateTimeOffset Now);
