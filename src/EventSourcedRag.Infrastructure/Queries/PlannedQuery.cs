using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>A validated request and the results retrieval ranked for it.</summary>
/// <param name="Requested">The retriever the client named, if any.</param>
/// <param name="Exploration">The exploration policy it was served under; <paramref name="Explored"/>: the result it explored, if any.</param>
public sealed record PlannedQuery(string Text, string Normalized, int TopK, RetrieverMode Mode, FusionMethod Fusion, QueryFilters Filters, SearchResult Search,
    RetrieverMode? Requested, ExplorationPolicy? Exploration = null, ExploredResult? Explored = null)
{
    /// <summary>The parameters as recorded: what was in effect, and whether the client or the server chose the retriever.</summary>
    public QueryParameters Parameters => new(TopK, Fusion.ToString().ToLowerInvariant(), Filters, Mode.ToString().ToLowerInvariant(),
        Requested?.ToString().ToLowerInvariant());

    /// <summary>The ranked chunks as the generator gets them.</summary>
    public IReadOnlyList<AnswerSource> Sources => Search.Hits.Select(h => new AnswerSource(h.Position, h.Chunk.ChunkId, h.Chunk.Title, h.Chunk.Text)).ToList();

    /// <summary>The models that served it, as recorded: the arm's, and the generator's name.</summary>
    public ServingModel ModelWith(Arm arm, string generator) => new(QueryPlanner.RetrieverNames[Mode], Search.EmbeddingModel, Search.Reranker, generator,
        arm.ExperimentId, arm.Variant, Search.QueryAdapter, arm.Stage, arm.Unit, Search.QueryExpansion, Search.Steering);

    /// <summary>The words the expander added, as the served events record them.</summary>
    public IReadOnlyList<ExpansionApplied>? Expansions =>
        Search.Expansions?.Select(e => new ExpansionApplied(e.From, e.Term, Math.Round(e.Weight, 6))).ToList();

    public static StageScores ScoresOf(SearchHit h) => new(h.Bm25, h.Bm25Rank, h.Dense, h.DenseRank, h.Fused, h.Rerank, h.Remembered);
}
