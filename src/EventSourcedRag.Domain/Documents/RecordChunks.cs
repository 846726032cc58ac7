namespace EventSourcedRag.Domain.Documents;

// Commands on the document stream. Time comes in on the command, never from a clock inside the decider.

public sealed record RecordChunks(
    Guid DocumentId,
    int Version,
    string Extractor,
    int TextLength,
    ChunkingSettings Settings,
    IReadOnlyList<ChunkRecord> Chunks,
    DateTimeOffset Now);
