using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Evaluating;

/// <summary>The eval verb's result; with --json it is the last line of stdout (the contract other tools read).</summary>
public sealed record EvalReport(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("retriever")] string Retriever,
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("docs")] int Docs,
    [property: JsonPropertyName("ndcg@10")] double Ndcg10,
    [property: JsonPropertyName("mrr@10")] double Mrr10,
    [property: JsonPropertyName("recall@10")] double Recall10,
    [property: JsonPropertyName("recall@100")] double Recall100,
    [property: JsonPropertyName("map@10")] double Map10,
    [property: JsonPropertyName("index_seconds")] double IndexSeconds,
    [property: JsonPropertyName("latency_ms_p50")] double LatencyP50,
    [property: JsonPropertyName("latency_ms_p95")] double LatencyP95,
    [property: JsonPropertyName("end_to_end_ms_p50")] double EndToEndP50,
    [property: JsonPropertyName("embedding_model")] string EmbeddingModel,
    [property: JsonPropertyName("chunk_tokens")] int ChunkTokens,
    [property: JsonPropertyName("failed_docs")] int FailedDocs);
