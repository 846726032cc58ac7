namespace EventSourcedRag.Infrastructure.Encoders;

public sealed record DocumentVersionRef(Guid DocumentId, int Version);
