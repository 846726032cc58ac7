namespace EventSourcedRag.Learning.Statistics;

/// <summary>How many observations per variant a two-sided test needs to detect a given effect with a given power.</summary>
public static class SampleSize
{
    /// <summary>Per variant, for a rate moving from <paramref name="baseline"/> to <paramref name="treatment"/> (normal approximation).</summary>
    public static long TwoProportions(double baseline, double treatment, double alpha = 0.05, double power = 0.8)
    {
        if (baseline is <= 0 or >= 1 || treatment is <= 0 or >= 1) throw new ArgumentException("Rates must be strictly between 0 and 1.");
        if (baseline == treatment) throw new ArgumentException("No effect to detect: the rates are equal.");
        var z = Distributions.NormalQuantile(1 - alpha / 2) + Distributions.NormalQuantile(power);
        var variance = baseline * (1 - baseline) + treatment * (1 - treatment);
        return (long)Math.Ceiling(z * z * variance / ((treatment - baseline) * (treatment - baseline)));
    }

    /// <summary>Per variant, for a mean shifting by <paramref name="effect"/> where each observation has standard deviation <paramref name="sd"/>.</summary>
    public static long Means(double effect, double sd, double alpha = 0.05, double power = 0.8)
    {
        if (effect == 0 || sd <= 0) throw new ArgumentException("A non-zero effect and a positive standard deviation are needed.");
        var z = Distributions.NormalQuantile(1 - alpha / 2) + Distributions.NormalQuantile(power);
        return (long)Math.Ceiling(2 * z * z * sd * sd / (effect * effect));
    }
}
