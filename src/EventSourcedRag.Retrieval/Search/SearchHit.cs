namespace EventSourcedRag.Retrieval.Search;

/// <summary>
/// One result with every stage's score and rank (null where that stage did not see it). Positions start at 1.
/// <paramref name="FusedRank"/> is the first stage's rank, which differs from <paramref name="Position"/> after a rerank.
/// </summary>
/// <param name="Remembered">Its seen-query memory score when earlier askers of the question chose it; null otherwise.</param>
/// <param name="Features">The <see cref="Ranking.RankingFeatures"/> row it was ranked with, when the request asked for features or a rerank.</param>
public sealed record SearchHit(
    IndexedChunk Chunk,
    int Position,
    double? Bm25,
    int? Bm25Rank,
    double? Dense,
    int? DenseRank,
    double Fused,
    int FusedRank,
    double? Rerank = null,
    float[]? Features = null,
    double? Remembered = null);
