namespace EventSourcedRag.Retrieval.Answering;

/// <summary>A shown source, numbered by its position in the result list.</summary>
public sealed record AnswerSource(int Position, Guid ChunkId, string Title, string Text);
