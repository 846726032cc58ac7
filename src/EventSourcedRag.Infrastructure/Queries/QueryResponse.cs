using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Retrieval.Search;

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

public sealed record SourceView(Guid ChunkId, Guid DocumentId, string Title, string Snippet, double Score, int Position)
{
    private const int SnippetLength = 240;

    /// <summary>A shown result as clients see it: the final stage's score and the chunk's opening, cut at a word.</summary>
    public static SourceView Of(SearchHit h) =>
        new(h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.Title, Cut(h.Chunk.Text), Math.Round(h.Rerank ?? h.Fused, 6), h.Position);

    private static string Cut(string text)
    {
        if (text.Length <= SnippetLength) return text;
        var cut = text.LastIndexOf(' ', SnippetLength - 1);
        return text[..(cut > 0 ? cut : SnippetLength)] + " …";
    }
}

/// <param name="QueryExpansion">The query-expansion model that served, if any, and the words it added to the question.</param>
/// <param name="PersonalSteering">The personal-steering model that steered this user's question, if any.</param>
public sealed record ModelInfo(string Retriever, string EmbeddingModel, string? Reranker, string Generator, long IndexPosition, string? QueryAdapter = null,
    string? QueryExpansion = null, IReadOnlyList<ExpansionApplied>? Expansions = null, ExploredResult? Explored = null, string? PersonalSteering = null);
