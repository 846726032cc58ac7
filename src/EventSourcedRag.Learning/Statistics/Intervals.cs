namespace EventSourcedRag.Learning.Statistics;

/// <summary>Confidence intervals of one arm's rates and means, for reports.</summary>
public static class Intervals
{
    /// <summary>Wilson's score interval of a proportion: sound near 0 and 1 and with few trials, unlike p ± z·SE.</summary>
    public static (double Lower, double Upper) Proportion(long successes, long trials, double confidence = 0.95)
    {
        if (trials <= 0) return (0, 1);
        var z = Distributions.NormalQuantile(1 - (1 - confidence) / 2);
        var p = (double)successes / trials;
        var denominator = 1 + z * z / trials;
        var centre = (p + z * z / (2 * trials)) / denominator;
        var margin = z * Math.Sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return (Math.Max(0, centre - margin), Math.Min(1, centre + margin));
    }

    /// <summary>Student's t interval of a mean from its sample variance.</summary>
    public static (double Lower, double Upper) Mean(double mean, double variance, long count, double confidence = 0.95)
    {
        if (count < 2) return (double.NegativeInfinity, double.PositiveInfinity);
        var margin = Distributions.StudentTQuantile(1 - (1 - confidence) / 2, count - 1) * Math.Sqrt(variance / count);
        return (mean - margin, mean + margin);
    }
}
