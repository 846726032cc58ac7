namespace EventSourcedRag.Domain.Access;

/// <summary>Which signing key and which master key are current, from the key-custody streams.</summary>
public sealed record KeyCustodyState(string? CheckpointKeyId, string? MasterKeyId)
{
    public static readonly KeyCustodyState None = new(null, null);
}
