namespace EventSourcedRag.Projections.Queries;

public sealed record LoggedResult(int Position, Guid ChunkId, Guid DocumentId, int DocumentVersion);
