using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

/// <summary>
/// The learning experiment once per seed, with the mean and spread of its headline figures: a result that holds only
/// for one lucky seed is not a result. Spread is the sample standard deviation (0 for one run), with the range.
/// </summary>
public sealed record LoopSeedsReport(
    [property: JsonPropertyName("runs")] IReadOnlyList<LoopReport> Runs,
    [property: JsonPropertyName("mean")] LoopSummary Mean,
    [property: JsonPropertyName("spread")] LoopSummary Spread,
    [property: JsonPropertyName("min")] LoopSummary Min,
    [property: JsonPropertyName("max")] LoopSummary Max)
{
    public static LoopSeedsReport Of(IReadOnlyList<LoopReport> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("At least one run is needed.", nameof(runs));
        var summaries = runs.Select(r => new LoopSummary(r.Final.Ndcg10, r.Final.Mrr10, r.RelativeMrrGain, r.SeenRelativeMrrGain, r.Baseline.Ndcg10)).ToList();
        return new LoopSeedsReport(runs, Each(summaries, Average), Each(summaries, StandardDeviation), Each(summaries, v => v.Min()), Each(summaries, v => v.Max()));
    }

    private static LoopSummary Each(IReadOnlyList<LoopSummary> s, Func<IReadOnlyList<double>, double> f) => new(
        f([.. s.Select(x => x.Ndcg10)]), f([.. s.Select(x => x.Mrr10)]), f([.. s.Select(x => x.RelativeMrrGain)]),
        f([.. s.Select(x => x.SeenRelativeMrrGain)]), f([.. s.Select(x => x.BaselineNdcg10)]));

    private static double Average(IReadOnlyList<double> values) => values.Average();

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
