namespace EventSourcedRag.Retrieval.Search;

/// <param name="IndexPosition">The last event applied to the index when it answered.</param>
/// <param name="Strength">The top fused score over the best score fusion can give (ranked first by every retriever), in [0, 1].</param>
/// <param name="QueryAdapter">Version of the query adapter the dense search used, or null when none applied.</param>
/// <param name="EmbedMs">Time spent embedding the query (part of <paramref name="RetrieveMs"/>).</param>
/// <param name="Reranker">Version of the reranker that ordered the hits, or null when no rerank ran.</param>
/// <param name="RerankSkipped">The reranker that was asked for but failed, so the hits are in fused order.</param>
/// <param name="DenseFitPosition">The fit point of the LSA encoder the dense search used (a replay fits there).</param>
/// <param name="QueryExpansion">Version of the query expander that served, or null when none did.</param>
/// <param name="Expansions">The words it added to this query (none when it knew none of the query's words).</param>
/// <param name="Steering">Version of the personal steering the dense search applied for the asking user, or null when none did.</param>
/// <param name="DenseWarmingAt">Dense search was wanted but no encoder exists yet: the fit point being computed.</param>
public sealed record SearchResult(
    IReadOnlyList<SearchHit> Hits,
    string EmbeddingModel,
    long IndexPosition,
    double RetrieveMs,
    double FuseMs,
    double Strength,
    string? Reranker = null,
    double RerankMs = 0,
    string? QueryAdapter = null,
    double EmbedMs = 0,
    SkippedRerank? RerankSkipped = null,
    long? DenseFitPosition = null,
    long? DenseWarmingAt = null,
    string? QueryExpansion = null,
    IReadOnlyList<QueryExpansion>? Expansions = null,
    string? Steering = null);
