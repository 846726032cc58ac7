namespace EventSourcedRag.Domain.Documents;

// Commands on the document stream. Time comes in on the command, never from a clock inside the decider.

public sealed record MarkIndexed(Guid DocumentId, int Version, string EmbeddingModel, DateTimeOffset Now);
