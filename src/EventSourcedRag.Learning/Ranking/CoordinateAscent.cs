namespace EventSourcedRag.Learning.Ranking;

/// <summary>
/// Fits the weights of a linear ranker by coordinate ascent on mean nDCG@k (Metzler and Croft, 2007): one weight
/// at a time, try steps of growing size in both directions, keep the best if it helps, until a whole round gains
/// less than <paramref name="tolerance"/>. Steps are scaled by each feature's spread so raw BM25 scores and
/// [0, 1] shares move alike. Deterministic: same queries and start, same weights.
/// </summary>
public sealed class CoordinateAscent(int k = 10, int maxRounds = 25, double tolerance = 1e-4)
{
    private static readonly double[] Steps = [0.01, 0.03, 0.1, 0.3, 1, 3];

    public sealed record Fit(double[] Weights, double TrainingNdcg, int Rounds);

    /// <param name="frozen">Indexes of weights that keep their start value.</param>
    public Fit Train(IReadOnlyList<RankingQuery> queries, double[] start, IReadOnlySet<int>? frozen = null)
    {
        if (queries.Count == 0) throw new ArgumentException("No training queries.", nameof(queries));
        var width = start.Length;
        var spread = Spread(queries, width);
        var weights = (double[])start.Clone();
        var best = Objective(queries, weights);
        var rounds = 0;
        while (rounds < maxRounds)
        {
            rounds++;
            var roundStart = best;
            for (var f = 0; f < width; f++)
            {
                if (spread[f] == 0 || frozen?.Contains(f) == true) continue; // a constant feature cannot change an order
                var original = weights[f];
                var (bestValue, bestScore) = (original, best);
                foreach (var direction in (ReadOnlySpan<int>)[1, -1])
                    foreach (var step in Steps)
                    {
                        weights[f] = original + direction * step / spread[f];
                        var score = Objective(queries, weights);
                        if (score > bestScore + 1e-9) (bestValue, bestScore) = (weights[f], score);
                    }
                weights[f] = bestValue;
                best = bestScore;
            }
            if (best - roundStart < tolerance) break;
        }
        return new Fit(weights, best, rounds);
    }

    public double Objective(IReadOnlyList<RankingQuery> queries, double[] weights)
    {
        var total = 0.0;
        foreach (var q in queries)
        {
            var scores = new double[q.Rows.Count];
            for (var n = 0; n < scores.Length; n++)
            {
                var row = q.Rows[n];
                var s = 0.0;
                for (var i = 0; i < weights.Length; i++) s += weights[i] * row[i];
                scores[n] = s;
            }
            total += q.NdcgAt(scores, k);
        }
        return total / queries.Count;
    }

    private static double[] Spread(IReadOnlyList<RankingQuery> queries, int width)
    {
        var spread = new double[width];
        for (var i = 0; i < width; i++)
        {
            var values = queries.SelectMany(q => q.Rows).Select(r => (double)r[i]).ToList();
            var mean = values.Average();
            spread[i] = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        }
        return spread;
    }
}
