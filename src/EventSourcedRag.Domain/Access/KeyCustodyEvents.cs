namespace EventSourcedRag.Domain.Access;

/// <summary>
/// The key that signs audit checkpoints was replaced. Checkpoints signed before stay verifiable with
/// <paramref name="PreviousPublicKeyPem"/>: <paramref name="Endorsement"/> is the new key's signature over both public
/// keys, so a verifier that trusts only the configured (new) key can trust the old one too, and no one without the
/// new private key can slip a key of their own into the list.
/// </summary>
/// <param name="PreviousKeyId">First 16 hex digits of the SHA-256 of the previous public key (SubjectPublicKeyInfo).</param>
public sealed record CheckpointKeyRotated(string PreviousKeyId, string PreviousPublicKeyPem, string NewKeyId, string NewPublicKeyPem,
    string Endorsement, DateTimeOffset At);

/// <summary>
/// Every subject key was wrapped again with a new master key (<c>Privacy:SubjectKeyMasterKey</c>). Once the previous
/// master key is destroyed, the subject keys in backups taken before this point can no longer be unwrapped, so
/// erasures made since reach those backups too. Key ids are fingerprints, never the keys.
/// </summary>
public sealed record SubjectKeysRewrapped(string PreviousMasterKeyId, string NewMasterKeyId, long KeysRewrapped, DateTimeOffset At);
