namespace EventSourcedRag.Domain.Documents;

// The document stream, one per document id. Version 1 is the submission; each revision adds one.

/// <summary>A document was accepted for ingestion. Its raw bytes are stored beside the event under <see cref="ContentHash"/>.</summary>
public sealed record DocumentSubmitted(
    Guid DocumentId,
    string Tenant,
    string Source,
    string Title,
    string MediaType,
    string ContentHash,
    long SizeBytes,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Metadata,
    string SubmittedBy,
    DateTimeOffset At);

/// <summary>New content replaced the document's current version; the old version's chunks leave retrieval once the new ones are indexed.</summary>
public sealed record DocumentRevised(
    Guid DocumentId,
    int Version,
    string Source,
    string Title,
    string MediaType,
    string ContentHash,
    long SizeBytes,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Metadata,
    string RevisedBy,
    DateTimeOffset At);

/// <summary>Text was extracted from a version and cut into chunks. The chunk text is kept so every index can be rebuilt from the log alone.</summary>
public sealed record DocumentChunked(
    Guid DocumentId,
    int Version,
    string Extractor,
    int TextLength,
    ChunkingSettings Settings,
    IReadOnlyList<ChunkRecord> Chunks,
    DateTimeOffset At);

/// <summary>One chunk: offsets are character positions in the extracted text.</summary>
public sealed record ChunkRecord(Guid ChunkId, int Ordinal, string Text, string TextHash, int StartOffset, int EndOffset, int TokenCount);

/// <summary>The chunker's settings as they were when this version was chunked.</summary>
public sealed record ChunkingSettings(int TargetTokens, int OverlapTokens);

/// <summary>A version's chunks became searchable, embedded by <see cref="EmbeddingModel"/>.</summary>
public sealed record DocumentIndexed(Guid DocumentId, int Version, string EmbeddingModel, int ChunkCount, DateTimeOffset At);

/// <summary>A version could not be ingested (corrupt file, no text); it will not be retried.</summary>
public sealed record DocumentIngestionFailed(Guid DocumentId, int Version, string Reason, DateTimeOffset At);

/// <summary>Tombstone: the document left retrieval. Its events stay; later commands on it are refused.</summary>
public sealed record DocumentDeleted(Guid DocumentId, string Reason, string DeletedBy, DateTimeOffset At);
