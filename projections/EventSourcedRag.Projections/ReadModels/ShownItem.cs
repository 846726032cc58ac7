namespace EventSourcedRag.Projections.ReadModels;

public sealed record ShownItem(Guid ChunkId, Guid DocumentId, int Position);
