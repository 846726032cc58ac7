namespace EventSourcedRag.Domain.Access;

public sealed record RotateCheckpointKey(string PreviousKeyId, string PreviousPublicKeyPem, string NewKeyId, string NewPublicKeyPem,
    string Endorsement, DateTimeOffset Now);
