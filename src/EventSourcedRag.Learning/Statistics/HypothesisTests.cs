namespace EventSourcedRag.Learning.Statistics;

/// <summary>Fixed-horizon tests for comparing two variants, and the corrections for testing several metrics at once.</summary>
public static class HypothesisTests
{
    /// <summary>
    /// Two-proportion z-test (pooled standard error for the test, unpooled for the interval of the difference),
    /// e.g. click-through or abandonment rates.
    /// </summary>
    public static Comparison TwoProportions(long successesA, long trialsA, long successesB, long trialsB, double confidence = 0.95)
    {
        if (trialsA <= 0 || trialsB <= 0) throw new ArgumentException("Both variants need at least one trial.");
        if (successesA < 0 || successesA > trialsA || successesB < 0 || successesB > trialsB) throw new ArgumentException("Successes must be between 0 and the trials.");
        var (pA, pB) = ((double)successesA / trialsA, (double)successesB / trialsB);
        var pooled = (double)(successesA + successesB) / (trialsA + trialsB);
        var testSe = Math.Sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        var z = testSe > 0 ? (pB - pA) / testSe : 0;
        var se = Math.Sqrt(pA * (1 - pA) / trialsA + pB * (1 - pB) / trialsB);
        var margin = Distributions.NormalQuantile(1 - (1 - confidence) / 2) * se;
        return new Comparison(z, TwoSidedNormal(z), pB - pA, pB - pA - margin, pB - pA + margin);
    }

    /// <summary>Welch's t-test on two means with unequal variances (Welch–Satterthwaite degrees of freedom), e.g. reciprocal rank or latency.</summary>
    public static Comparison Welch(double meanA, double varianceA, long countA, double meanB, double varianceB, long countB, double confidence = 0.95)
    {
        if (countA < 2 || countB < 2) throw new ArgumentException("Welch's test needs at least two observations per variant.");
        var (vA, vB) = (varianceA / countA, varianceB / countB);
        var se = Math.Sqrt(vA + vB);
        var difference = meanB - meanA;
        if (se == 0) return new Comparison(0, difference == 0 ? 1 : 0, difference, difference, difference);
        var t = difference / se;
        var df = (vA + vB) * (vA + vB) / (vA * vA / (countA - 1) + vB * vB / (countB - 1));
        var p = 2 * Distributions.StudentTCdf(-Math.Abs(t), df);
        var margin = Distributions.StudentTQuantile(1 - (1 - confidence) / 2, df) * se;
        return new Comparison(t, p, difference, difference - margin, difference + margin);
    }

    /// <summary>Pearson's chi-square test of the observed assignment counts against the planned shares (sample-ratio mismatch).</summary>
    public static SampleRatio SampleRatioMismatch(IReadOnlyList<long> observed, IReadOnlyList<double> plannedShares)
    {
        if (observed.Count != plannedShares.Count || observed.Count < 2) throw new ArgumentException("One planned share per variant, at least two variants.");
        var total = observed.Sum();
        var shares = plannedShares.Sum();
        if (total == 0) return new SampleRatio(0, 1, observed.Count - 1);
        var chi = observed.Select((o, i) =>
        {
            var expected = total * plannedShares[i] / shares;
            return (o - expected) * (o - expected) / expected;
        }).Sum();
        return new SampleRatio(chi, Distributions.ChiSquareSurvival(chi, observed.Count - 1), observed.Count - 1);
    }

    /// <summary>
    /// Holm's step-down adjustment: the adjusted p-values (compare each with α) for testing several metrics at
    /// once while keeping the family-wise error rate at α.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var order = Enumerable.Range(0, pValues.Count).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[pValues.Count];
        var running = 0.0;
        for (var rank = 0; rank < order.Length; rank++)
        {
            running = Math.Max(running, Math.Min(1, (pValues.Count - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    private static double TwoSidedNormal(double z) => 2 * Distributions.NormalCdf(-Math.Abs(z));
}
