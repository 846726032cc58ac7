namespace EventSourcedRag.Learning.Evaluation;

/// <summary>
/// Ranking metrics estimated from clicks, each clicked item weighted by the inverse of the examination propensity of
/// the position it was clicked at (counterfactual evaluation, Joachims et al. 2017). Raw clicks concentrate where the
/// serving model put things, so scored as plain judgements they favour the serving order over any candidate; weighted,
/// E[click / propensity] is the item's relevance, and comparing two rankers on the same clicks is fair. Each list's
/// figure is self-normalised (divided by its total weight), so it lies in [0, 1] like its judged counterpart. Only
/// what was shown can be clicked: items never shown are invisible to it.
/// </summary>
public static class ClickMetrics
{
    /// <summary>Means over the lists; each pairs a ranked id list with its clicked ids and their inverse-propensity weights.</summary>
    public static MetricSet Of(IReadOnlyCollection<(IReadOnlyList<string> Ranked, IReadOnlyDictionary<string, double> Clicks)> lists)
    {
        var scored = lists.Where(l => l.Clicks.Values.Sum() > 0).Select(l => Score(l.Ranked, l.Clicks)).ToList();
        if (scored.Count == 0) return MetricSet.Empty;
        return new MetricSet(scored.Average(s => s.Ndcg), scored.Average(s => s.Mrr), scored.Average(s => s.Recall), scored.Average(s => s.Map), scored.Count);
    }

    // Per clicked item at rank r (within ten): DCG's discount 1/log2(r + 1), the reciprocal rank, and the precision at r.
    private static (double Ndcg, double Mrr, double Recall, double Map) Score(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, double> clicks)
    {
        var total = clicks.Values.Sum();
        double dcg = 0, rr = 0, found = 0, ap = 0;
        var hits = 0;
        for (var i = 0; i < Math.Min(10, ranked.Count); i++)
        {
            if (!clicks.TryGetValue(ranked[i], out var weight) || weight <= 0) continue;
            hits++;
            dcg += weight / Math.Log2(i + 2);
            rr += weight / (i + 1);
            found += weight;
            ap += weight * hits / (i + 1);
        }
        return (dcg / total, rr / total, found / total, ap / total);
    }
}
