namespace EventSourcedRag.Cli.Evaluating;

/// <param name="ChunkTokens">Chunk size for this run; BEIR documents are abstracts, so the default keeps most of them whole.</param>
public sealed record EvalSettings(string Dataset, string Split, string Retriever, bool Keep, int ChunkTokens);
