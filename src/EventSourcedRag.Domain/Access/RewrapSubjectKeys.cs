namespace EventSourcedRag.Domain.Access;

/// <param name="KeysRewrapped">Subject keys still under the previous master key, wrapped again in the same transaction.</param>
public sealed record RewrapSubjectKeys(string PreviousMasterKeyId, string NewMasterKeyId, long KeysRewrapped, DateTimeOffset Now);
