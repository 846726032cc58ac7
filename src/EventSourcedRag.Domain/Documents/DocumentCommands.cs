namespace EventSourcedRag.Domain.Documents;

// Commands on the document stream. Time comes in on the command, never from a clock inside the decider.

public sealed record SubmitDocument(
    Guid DocumentId,
    string Tenant,
    string Source,
    string Title,
    string MediaType,
    string ContentHash,
    long SizeBytes,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Metadata,
    string Actor,
    DateTimeOffset Now);

public sealed record RecordChunks(
    Guid DocumentId,
    int Version,
    string Extractor,
    int TextLength,
    ChunkingSettings Settings,
    IReadOnlyList<ChunkRecord> Chunks,
    DateTimeOffset Now);

public sealed record MarkIndexed(Guid DocumentId, int Version, string EmbeddingModel, DateTimeOffset Now);

public sealed record RecordIngestionFailure(Guid DocumentId, int Version, string Reason, DateTimeOffset Now);

public sealed record DeleteDocument(Guid DocumentId, string Reason, string Actor, DateTimeOffset Now);
