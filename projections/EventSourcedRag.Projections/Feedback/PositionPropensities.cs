namespace EventSourcedRag.Projections.Feedback;

/// <summary>
/// Estimates how likely users examine each rank, from logged impressions and clicks, with the position-based
/// click model fitted by expectation-maximisation (Wang et al., WSDM 2018): P(click at rank k on d for q) =
/// θ_k · γ_(q,d). The same result shown at different ranks (rankings change as the index and models change)
/// separates the two. θ is reported relative to rank 1 (θ_1 = 1), the only scale the clicks identify.
/// Deterministic: same counts, same propensities.
/// </summary>
public static class PositionPropensities
{
    /// <summary>Below this many clicks the fit is not trusted and the prior 1/k is returned.</summary>
    public const int MinimumClicks = 50;

    public static double[] Prior(int ranks) => Enumerable.Range(1, ranks).Select(k => 1.0 / k).ToArray();

    /// <summary>The examination propensity of rank <paramref name="position"/> (from 1; ranks past the last share its value; none known: 1).</summary>
    public static double At(IReadOnlyList<double> propensities, int position) =>
        propensities.Count == 0 ? 1 : propensities[Math.Clamp(position, 1, propensities.Count) - 1];

    /// <param name="stats">Impressions and clicks per (query, result, rank); ranks from 1, above <paramref name="ranks"/> pooled into the last.</param>
    public static double[] Estimate(IEnumerable<ClickStat> stats, int ranks = FeedbackAggregate.PositionBuckets, int iterations = 100)
    {
        // Pair every (query, result) with an index, rank with a bucket; order fixed so sums run in one order.
        var cells = stats
            .Where(s => s.Impressions > 0)
            .OrderBy(s => s.Tenant, StringComparer.Ordinal).ThenBy(s => s.NormalizedQuery, StringComparer.Ordinal)
            .ThenBy(s => s.ChunkId).ThenBy(s => s.Position)
            .ToList();
        if (cells.Sum(s => s.Clicks) < MinimumClicks) return Prior(ranks);
        var pairIndex = new Dictionary<(string, string, Guid), int>();
        var rows = cells.Select(s =>
        {
            var key = (s.Tenant, s.NormalizedQuery, s.ChunkId);
            if (!pairIndex.TryGetValue(key, out var p)) pairIndex[key] = p = pairIndex.Count;
            return (Pair: p, Rank: Math.Clamp(s.Position, 1, ranks) - 1, N: (double)s.Impressions, C: (double)Math.Min(s.Clicks, s.Impressions));
        }).ToList();

        var theta = Prior(ranks);
        var gamma = new double[pairIndex.Count];
        Array.Fill(gamma, 0.5);
        var thetaNum = new double[ranks];
        var thetaDen = new double[ranks];
        var gammaNum = new double[gamma.Length];
        var gammaDen = new double[gamma.Length];
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(thetaNum); Array.Clear(thetaDen); Array.Clear(gammaNum); Array.Clear(gammaDen);
            foreach (var (pair, rank, n, c) in rows)
            {
                var t = theta[rank];
                var g = gamma[pair];
                var noClick = 1 - t * g;
                // Unclicked impressions: examined but not relevant, or relevant but not examined.
                var examinedNotRelevant = noClick <= 0 ? 0 : t * (1 - g) / noClick;
                var relevantNotExamined = noClick <= 0 ? 0 : (1 - t) * g / noClick;
                thetaNum[rank] += c + (n - c) * examinedNotRelevant;
                thetaDen[rank] += n;
                gammaNum[pair] += c + (n - c) * relevantNotExamined;
                gammaDen[pair] += n;
            }
            for (var k = 0; k < ranks; k++) theta[k] = thetaDen[k] > 0 ? Math.Clamp(thetaNum[k] / thetaDen[k], 1e-4, 1) : theta[k];
            for (var p = 0; p < gamma.Length; p++) gamma[p] = Math.Clamp(gammaNum[p] / gammaDen[p], 1e-4, 1 - 1e-4);
        }
        var top = theta[0];
        // Ranks never shown keep the prior's shape below the last observed rank.
        var observed = new bool[ranks];
        foreach (var r in rows) observed[r.Rank] = true;
        var result = new double[ranks];
        for (var k = 0; k < ranks; k++)
            result[k] = observed[k] ? Math.Min(1, theta[k] / top) : (k > 0 ? result[k - 1] * k / (k + 1.0) : 1);
        return result;
    }
}
