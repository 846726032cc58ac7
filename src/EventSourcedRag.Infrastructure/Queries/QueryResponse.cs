namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>What POST /v1/query returns.</summary>
/// <param name="Degraded">The stages left out or behind for this answer (absent when none): rerank (fused order
/// served), generate (sources without an answer) or index (the index trails the log).</param>
/// <param name="Freshness">How far the search index that answered trailed the event log.</param>
public sealed record QueryResponse(
    Guid ResponseId,
    string Answer,
    IReadOnlyList<SourceView> Sources,
    double Confidence,
    ModelInfo ModelInfo,
    double LatencyMs,
    Domain.Queries.StageLatencies Stages,
    IReadOnlyList<Domain.Queries.Degradation>? Degraded = null,
    Search.IndexFreshness? Freshness = null);
