using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Lexical;

namespace EventSourcedRag.Retrieval.Search;

/// <summary>Ranking settings of a chunk collection.</summary>
/// <param name="LexicalWeight">Weight of the BM25 list in fusion.</param>
/// <param name="DenseWeight">Weight of the dense list in fusion.</param>
/// <param name="RrfK">The k of reciprocal-rank fusion.</param>
/// <param name="TitleBoost">Weight of a separate title-field BM25 score added to the contents score (0: contents only).</param>
/// <param name="ExactSearchBelow">Below this many chunks dense search is exact; from it on an HNSW graph over quantised vectors.</param>
/// <param name="Hnsw">Graph settings for large collections.</param>
/// <remarks>
/// Defaults measured on BEIR SciFact (docs/benchmarks.md): score-normalised fusion with the corpus-fitted encoder at
/// 0.4 of BM25's weight beats either retriever alone; equal-weight RRF lets the weaker dense ranking pull BM25 down.
/// </remarks>
public sealed record RetrievalSettings(Bm25Parameters Bm25, LsaOptions Lsa, double LexicalWeight = 1.0, double DenseWeight = 0.4, int RrfK = 60, double TitleBoost = 0.3, int ExactSearchBelow = 20_000, HnswParameters? Hnsw = null)
{
    public static RetrievalSettings Default { get; } = new(new Bm25Parameters(), new LsaOptions());

    public HnswParameters HnswOrDefault => Hnsw ?? new HnswParameters();
}
