namespace EventSourcedRag.Learning.Statistics;

/// <summary>
/// An always-valid p-value for a difference of means, from the mixture sequential probability ratio test (mSPRT)
/// with a normal mixing distribution N(0, τ²) over the true difference. After every look the likelihood ratio is
/// Λ = √(V / (V + τ²)) · exp(τ² d² / (2 V (V + τ²))), with d the observed difference and V its variance, and the
/// p-value is the running minimum of 1/Λ. Under no difference P(ever p ≤ α) ≤ α, however often one looks, which is
/// what lets the rollout evaluator read the numbers every few minutes without inflating false positives.
/// </summary>
public sealed class SequentialTest(double mixingVariance)
{
    private double _pValue = 1;

    /// <summary>The always-valid p-value after the looks so far.</summary>
    public double PValue => _pValue;

    /// <summary>Takes one look: the current estimate of B − A and its variance (e.g. s²_A/n_A + s²_B/n_B).</summary>
    public double Look(double difference, double variance)
    {
        if (variance > 0) _pValue = Math.Min(_pValue, PValueAt(difference, variance, mixingVariance));
        return _pValue;
    }

    /// <summary>1/Λ at one look, capped at 1 (no running minimum).</summary>
    public static double PValueAt(double difference, double variance, double mixingVariance)
    {
        if (mixingVariance <= 0) throw new ArgumentOutOfRangeException(nameof(mixingVariance));
        var sum = variance + mixingVariance;
        var logLambda = 0.5 * Math.Log(variance / sum) + mixingVariance * difference * difference / (2 * variance * sum);
        return Math.Min(1, Math.Exp(-logLambda));
    }
}
