namespace EventSourcedRag.Domain.Access;

/// <summary>
/// An API key was issued. Only the SHA-256 of the secret is kept: the secret is shown once, to the admin who
/// created it. The key is bound to one tenant and its roles for its whole life; to change them, issue a new key.
/// </summary>
public sealed record ApiKeyCreated(Guid KeyId, string Name, string Tenant, IReadOnlyList<string> Roles, string SecretHash,
    DateTimeOffset? ExpiresAt, DateTimeOffset At);

/// <summary>The key stops authenticating from now on; what it did stays in the log under its id.</summary>
public sealed record ApiKeyRevoked(Guid KeyId, string Reason, DateTimeOffset At);

/// <summary>
/// Erasure of a data subject (an end user, by the keyed hash of their id): their encryption key was destroyed,
/// so every personal field sealed with it is unreadable from now on, in the log and in any copy of it.
/// </summary>
/// <param name="Reason">The request reference or legal basis, for the auditor.</param>
public sealed record SubjectErased(string SubjectHash, string Reason, DateTimeOffset At);

/// <summary>A model was trained on data of an erased subject; it keeps serving until replaced, but it should be retrained.</summary>
public sealed record ModelFlaggedForRetraining(string ModelVersion, string SubjectHash, string Reason, DateTimeOffset At);

/// <summary>
/// The retention job removed the tenant's query streams whose question was asked before <paramref name="Cutoff"/>
/// (<see cref="RetentionPolicy"/>). The audit chain keeps each removed event's link, marked with <paramref name="RunId"/>,
/// and <paramref name="RemovedDigest"/> seals which links those are, so a verifier tells retention from deletion.
/// </summary>
/// <param name="Category">queries (streams without feedback) or feedback (streams with feedback).</param>
/// <param name="RemovedDigest">SHA-256 over "sequence:link" of every removed event, in sequence order.</param>
public sealed record RetentionApplied(Guid RunId, string Category, DateTimeOffset Cutoff, long StreamsRemoved, long EventsRemoved, long FirstSequence,
    long LastSequence, IReadOnlyList<string> EventTypes, string RemovedDigest, DateTimeOffset At);
