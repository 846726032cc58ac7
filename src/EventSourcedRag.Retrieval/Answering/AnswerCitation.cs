namespace EventSourcedRag.Retrieval.Answering;

public sealed record AnswerCitation(int Number, Guid ChunkId, int Position);
