namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>What POST /v1/query returns.</summary>
public sealed record QueryResponse(
    Guid ResponseId,
    string Answer,
    IReadOnlyList<SourceView> Sources,
    double Confidence,
    ModelInfo ModelInfo,
    double LatencyMs,
    Domain.Queries.StageLatencies Stages);

public sealed record SourceView(Guid ChunkId, Guid DocumentId, string Title, string Snippet, double Score, int Position);

public sealed record ModelInfo(string Retriever, string EmbeddingModel, string? Reranker, string Generator, long IndexPosition, string? QueryAdapter = null);
