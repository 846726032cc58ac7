using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Retrieval.Search;

public sealed partial class ChunkCollection
{
    private List<SearchHit> AttachFeatures(List<SearchHit> hits, List<(int Slot, double Score)> slots, IReadOnlyList<string> queryTerms,
        (double Bm25, double Dense) best, Func<Guid, FeedbackPrior>? priors)
    {
        if (hits.Count == 0) return hits;
        var rows = FeatureExtractor.Extract(queryTerms, _bm25.Idf, best.Bm25, best.Dense, hits.Select((h, i) =>
            new Candidate(Terms(slots[i].Slot), TitleTerms(slots[i].Slot), h.Bm25, h.Bm25Rank, h.Dense, h.DenseRank, h.Fused,
                priors?.Invoke(h.Chunk.ChunkId) ?? FeedbackPrior.None)).ToList());
        return hits.Select((h, i) => h with { Features = rows[i] }).ToList();
    }

    // Only the first `depth` candidates are reordered; any further ones follow in first-stage order, so a large
    // top_k costs no more rerank work. Ties keep the first stage's order: a reranker that cannot tell two
    // candidates apart changes nothing.
    private static List<SearchHit> Rerank(List<SearchHit> candidates, IReranker reranker, int depth, int topK)
    {
        var head = candidates.Take(depth).ToList();
        var scores = reranker.Score(head.Select(h => h.Features!).ToList());
        return head
            .Select((h, i) => h with { Rerank = scores[i] })
            .OrderByDescending(h => h.Rerank!.Value)
            .ThenBy(h => h.FusedRank)
            .Concat(candidates.Skip(depth))
            .Take(topK)
            .Select((h, i) => h with { Position = i + 1 })
            .ToList();
    }
}
