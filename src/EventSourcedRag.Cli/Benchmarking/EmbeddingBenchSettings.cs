namespace EventSourcedRag.Cli.Benchmarking;

/// <param name="QueryThreads">Query sessions measured side by side: intra-op threads each (0: the documents' session).</param>
/// <param name="QueriesOnly">Measure query embedding only (no ceiling, in-process or worker throughput).</param>
public sealed record EmbeddingBenchSettings(string Dataset, int Documents, string Model, int ChunkTokens, bool Json,
    IReadOnlyList<int>? QueryThreads = null, bool QueriesOnly = false);
