namespace EventSourcedRag.Domain.Documents;

/// <summary>The write-side state of one document stream: a closed set of immutable records.</summary>
public abstract record DocumentState
{
    private DocumentState() { }

    public sealed record Initial : DocumentState
    {
        public static readonly Initial Instance = new();
    }

    public sealed record Active(Guid DocumentId, int Version, string ContentHash, IngestionStage Stage, int ChunkCount) : DocumentState;

    public sealed record Deleted(Guid DocumentId, string ContentHash) : DocumentState;
}
