using System.Globalization;
using EventSourcedRag.Learning.Evaluation;

namespace EventSourcedRag.Learning.Gates;

/// <summary>
/// Decides whether a candidate model may be deployed, from its offline metrics and the serving model's on the
/// same held-out lists. Pure: the same numbers always give the same verdict.
/// </summary>
public static class ValidationGate
{
    public static GateVerdict Decide(MetricSet candidate, MetricSet baseline, int heldOutLists, GateOptions options)
    {
        if (heldOutLists < options.MinHeldOutLists)
            return new(false, $"only {heldOutLists} held-out lists (at least {options.MinHeldOutLists} are needed)");

        var failures = new List<string>();
        Tolerate("mrr@10", candidate.Mrr10, baseline.Mrr10);
        Tolerate("ndcg@10", candidate.Ndcg10, baseline.Ndcg10);
        if (candidate.Recall10 < baseline.Recall10 - 1e-12)
            failures.Add($"recall@10 {F(candidate.Recall10)} is below the baseline's {F(baseline.Recall10)}");
        if (failures.Count > 0) return new(false, string.Join("; ", failures));

        var mrrGain = Relative(candidate.Mrr10, baseline.Mrr10);
        var ndcgGain = Relative(candidate.Ndcg10, baseline.Ndcg10);
        if (Math.Max(mrrGain, ndcgGain) < options.MinRelativeImprovement)
            return new(false, $"no metric improved by {P(options.MinRelativeImprovement)} (mrr@10 {P(mrrGain)}, ndcg@10 {P(ndcgGain)})");

        return new(true, $"mrr@10 {F(baseline.Mrr10)} → {F(candidate.Mrr10)} ({P(mrrGain)}), ndcg@10 {F(baseline.Ndcg10)} → {F(candidate.Ndcg10)} ({P(ndcgGain)}), recall@10 {F(baseline.Recall10)} → {F(candidate.Recall10)} on {heldOutLists} held-out lists");

        void Tolerate(string name, double value, double reference)
        {
            if (value < reference * options.Tolerance)
                failures.Add($"{name} {F(value)} is below {options.Tolerance.ToString("0.0%", CultureInfo.InvariantCulture)} of the baseline's {F(reference)}");
        }
    }

    private static double Relative(double value, double reference) => reference > 0 ? value / reference - 1 : value > 0 ? 1 : 0;

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string P(double value) => value.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);
}
