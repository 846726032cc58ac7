namespace EventSourcedRag.Retrieval.Search;

/// <summary>A searchable chunk with the document metadata that filters apply to.</summary>
public sealed record IndexedChunk(
    Guid ChunkId,
    Guid DocumentId,
    int DocumentVersion,
    int Ordinal,
    string Title,
    string Source,
    IReadOnlyList<string> Tags,
    DateTimeOffset SubmittedAt,
    string Text);
