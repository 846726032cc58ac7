namespace EventSourcedRag.Learning.Evaluation;

/// <summary>Mean ranking metrics over a set of judged rankings, as the gate and the learning loop compare them.</summary>
public sealed record MetricSet(double Ndcg10, double Mrr10, double Recall10, double Map10, int Queries)
{
    public static readonly MetricSet Empty = new(0, 0, 0, 0, 0);

    /// <summary>Means over the rankings; each pairs a ranked id list with the graded judgements of its query.</summary>
    public static MetricSet Of(IReadOnlyCollection<(IReadOnlyList<string> Ranked, IReadOnlyDictionary<string, int> Judgements)> rankings)
    {
        if (rankings.Count == 0) return Empty;
        double Mean(Func<IReadOnlyList<string>, IReadOnlyDictionary<string, int>, double> metric) =>
            rankings.Sum(r => metric(r.Ranked, r.Judgements)) / rankings.Count;
        return new(
            Mean((r, j) => RankingMetrics.NdcgAt(r, j, 10)),
            Mean((r, j) => RankingMetrics.MrrAt(r, j, 10)),
            Mean((r, j) => RankingMetrics.RecallAt(r, j, 10)),
            Mean((r, j) => RankingMetrics.MapAt(r, j, 10)),
            rankings.Count);
    }

    /// <summary>The names the events, the CLI's JSON and the docs use.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["map@10"] = Math.Round(Map10, 6),
        ["mrr@10"] = Math.Round(Mrr10, 6),
        ["ndcg@10"] = Math.Round(Ndcg10, 6),
        ["recall@10"] = Math.Round(Recall10, 6),
    };
}
