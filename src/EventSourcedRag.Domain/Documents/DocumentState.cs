namespace EventSourcedRag.Domain.Documents;

/// <summary>Where a document version stands in the ingestion pipeline.</summary>
public enum IngestionStage
{
    Submitted,
    Chunked,
    Indexed,
    Failed,
}

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
