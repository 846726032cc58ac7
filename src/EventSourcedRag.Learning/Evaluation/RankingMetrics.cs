namespace EventSourcedRag.Learning.Evaluation;

/// <summary>
/// Per-query ranking metrics with trec_eval's definitions (as pytrec_eval and BEIR report them):
/// a judgement above 0 is relevant, gains are the judgement grades, discounts are log2(rank + 1).
/// </summary>
public static class RankingMetrics
{
    /// <summary>ndcg_cut_k: DCG of the top k over the DCG of the ideal ordering of every judged document.</summary>
    public static double NdcgAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
            if (judgements.TryGetValue(ranked[i], out var grade) && grade > 0) dcg += grade / Math.Log2(i + 2);
        var ideal = judgements.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>recip_rank cut at k: one over the rank of the first relevant document in the top k, else 0.</summary>
    public static double MrrAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements, int k)
    {
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
            if (IsRelevant(ranked[i], judgements)) return 1.0 / (i + 1);
        return 0;
    }

    /// <summary>recall_k: relevant documents in the top k over all relevant documents.</summary>
    public static double RecallAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements, int k)
    {
        var relevant = judgements.Count(j => j.Value > 0);
        if (relevant == 0) return 0;
        return (double)ranked.Take(k).Distinct().Count(d => IsRelevant(d, judgements)) / relevant;
    }

    /// <summary>map_cut_k: the sum of precision at each relevant rank within k, over all relevant documents.</summary>
    public static double MapAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements, int k)
    {
        var relevant = judgements.Count(j => j.Value > 0);
        if (relevant == 0) return 0;
        double sum = 0;
        var hits = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (!IsRelevant(ranked[i], judgements)) continue;
            hits++;
            sum += (double)hits / (i + 1);
        }
        return sum / relevant;
    }

    private static bool IsRelevant(string doc, IReadOnlyDictionary<string, int> judgements) =>
        judgements.TryGetValue(doc, out var grade) && grade > 0;
}
