namespace EventSourcedRag.Retrieval.Ranking;

/// <summary>Computes <see cref="RankingFeatures"/> rows for the candidates of one query. Pure.</summary>
public static class FeatureExtractor
{
    /// <summary>Pairs of query terms further apart than this (in analysed terms) do not count as near.</summary>
    public const int ProximityWindow = 5;

    /// <param name="queryTerms">The analysed query, in order.</param>
    /// <param name="idf">Inverse document frequency of a term in the collection (0 for unknown terms).</param>
    /// <param name="bestBm25">The query's best BM25 score in the whole collection (its lexical rank 1), which the normalised feature divides by.</param>
    /// <param name="bestDense">The query's best dense score in the whole collection.</param>
    /// <remarks>Each row depends on its candidate and the query alone, never on which other candidates were scored with it.</remarks>
    public static float[][] Extract(IReadOnlyList<string> queryTerms, Func<string, double> idf, double bestBm25, double bestDense, IReadOnlyList<Candidate> candidates)
    {
        var distinct = queryTerms.Distinct(StringComparer.Ordinal).ToArray();
        var weights = distinct.Select(t => Math.Max(idf(t), 0)).ToArray();
        var totalWeight = weights.Sum();
        var termIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++) termIndex[distinct[i]] = i;
        var bigrams = new HashSet<(int, int)>();
        for (var i = 0; i + 1 < queryTerms.Count; i++)
            if (queryTerms[i] != queryTerms[i + 1]) bigrams.Add((termIndex[queryTerms[i]], termIndex[queryTerms[i + 1]]));

        var rows = new float[candidates.Count][];
        for (var n = 0; n < candidates.Count; n++)
        {
            var c = candidates[n];
            var (coverage, proximity, bigramShare) = TextFeatures(c.Terms, termIndex, weights, totalWeight, bigrams);
            rows[n] =
            [
                (float)(c.Bm25 ?? 0),
                (float)(bestBm25 > 0 ? (c.Bm25 ?? 0) / bestBm25 : 0),
                c.Bm25Rank is { } br ? 1f / br : 0f,
                (float)(c.Dense ?? 0),
                (float)(bestDense > 0 ? Math.Max(c.Dense ?? 0, 0) / bestDense : 0),
                c.DenseRank is { } dr ? 1f / dr : 0f,
                (float)c.Fused,
                (float)coverage,
                (float)Coverage(c.TitleTerms, termIndex, weights, totalWeight),
                (float)proximity,
                (float)bigramShare,
                (float)Math.Log(1 + c.Terms.Count),
                c.Prior.QueryCtr,
                (float)Math.Log(1 + c.Prior.QueryExaminations),
                c.Prior.QuerySkips,
                c.Prior.ChunkCtr,
            ];
        }
        return rows;
    }

    private static double Coverage(IReadOnlyList<string> terms, Dictionary<string, int> termIndex, double[] weights, double totalWeight)
    {
        if (totalWeight <= 0) return 0;
        var seen = new bool[weights.Length];
        foreach (var t in terms)
            if (termIndex.TryGetValue(t, out var q)) seen[q] = true;
        var sum = 0.0;
        for (var q = 0; q < seen.Length; q++) if (seen[q]) sum += weights[q];
        return sum / totalWeight;
    }

    private static (double Coverage, double Proximity, double Bigrams) TextFeatures(
        IReadOnlyList<string> terms, Dictionary<string, int> termIndex, double[] weights, double totalWeight, HashSet<(int, int)> bigrams)
    {
        // Occurrences of query terms in the chunk, in order: (position, query term).
        var hits = new List<(int Position, int Term)>();
        for (var p = 0; p < terms.Count; p++)
            if (termIndex.TryGetValue(terms[p], out var q)) hits.Add((p, q));

        var seen = new bool[weights.Length];
        var near = 0.0;
        var foundBigrams = new HashSet<(int, int)>();
        for (var i = 0; i < hits.Count; i++)
        {
            var (p, a) = hits[i];
            seen[a] = true;
            for (var j = i + 1; j < hits.Count && hits[j].Position - p <= ProximityWindow; j++)
            {
                var (pj, b) = hits[j];
                if (a == b) continue;
                var distance = pj - p;
                near += Math.Min(weights[a], weights[b]) / (distance * distance);
                if (distance == 1 && bigrams.Contains((a, b))) foundBigrams.Add((a, b));
            }
        }
        var covered = 0.0;
        for (var q = 0; q < seen.Length; q++) if (seen[q]) covered += weights[q];
        return (totalWeight > 0 ? covered / totalWeight : 0, Math.Log(1 + near), bigrams.Count > 0 ? (double)foundBigrams.Count / bigrams.Count : 0);
    }
}
