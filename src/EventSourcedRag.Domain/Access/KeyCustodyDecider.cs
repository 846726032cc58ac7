namespace EventSourcedRag.Domain.Access;

/// <summary>Decides key rotations. Pure: no I/O, no clock, no cryptography (the caller computes ids and the endorsement).</summary>
public static class KeyCustodyDecider
{
    public static KeyCustodyState Evolve(KeyCustodyState state, object @event) => @event switch
    {
        CheckpointKeyRotated r => state with { CheckpointKeyId = r.NewKeyId },
        SubjectKeysRewrapped r => state with { MasterKeyId = r.NewMasterKeyId },
        _ => state,
    };

    public static object[] Decide(object command, KeyCustodyState state) => (command, state) switch
    {
        (RotateCheckpointKey c, _) when c.PreviousKeyId == c.NewKeyId =>
            throw new DomainRuleViolated("same_key", "The new checkpoint key is the one in use; generate a fresh key to rotate."),
        (RotateCheckpointKey c, _) when c.NewKeyId == state.CheckpointKeyId => [], // rotated already: a retry changes nothing
        (RotateCheckpointKey c, { CheckpointKeyId: { } current }) when current != c.PreviousKeyId =>
            throw new DomainRuleViolated("previous_key_mismatch", $"The last rotation moved to key {current}; configure that key before rotating again."),
        (RotateCheckpointKey c, _) =>
            [new CheckpointKeyRotated(c.PreviousKeyId, c.PreviousPublicKeyPem, c.NewKeyId, c.NewPublicKeyPem, c.Endorsement, c.Now)],
        (RewrapSubjectKeys c, _) when c.PreviousMasterKeyId == c.NewMasterKeyId =>
            throw new DomainRuleViolated("same_key", "Name the previous master key (Privacy:PreviousSubjectKeyMasterKey) and a new one (Privacy:SubjectKeyMasterKey)."),
        (RewrapSubjectKeys c, _) when c.KeysRewrapped < 0 => throw new ArgumentOutOfRangeException(nameof(command), "A count of keys cannot be negative."),
        (RewrapSubjectKeys c, _) when c.KeysRewrapped == 0 && c.NewMasterKeyId == state.MasterKeyId => [], // done already: a retry changes nothing
        (RewrapSubjectKeys c, _) => [new SubjectKeysRewrapped(c.PreviousMasterKeyId, c.NewMasterKeyId, c.KeysRewrapped, c.Now)],
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };
}
