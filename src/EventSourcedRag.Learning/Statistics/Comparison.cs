namespace EventSourcedRag.Learning.Statistics;

/// <summary>A comparison of treatment (B) against control (A): the statistic, its two-sided p-value, and B − A with a confidence interval.</summary>
public sealed record Comparison(double Statistic, double PValue, double Difference, double Lower, double Upper)
{
    public bool Significant(double alpha) => PValue < alpha;
}
