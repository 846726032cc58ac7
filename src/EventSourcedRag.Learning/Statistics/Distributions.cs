namespace EventSourcedRag.Learning.Statistics;

/// <summary>
/// The distribution functions the experiment statistics need: normal, Student's t and chi-square, from the
/// regularised incomplete gamma and beta functions (series and continued fractions, as in the standard numerical
/// references), accurate to about 1e-12 where it matters for p-values.
/// </summary>
public static class Distributions
{
    private const double Epsilon = 1e-15;
    private const int MaxIterations = 500;

    /// <summary>P(Z ≤ z) for a standard normal Z.</summary>
    public static double NormalCdf(double z) =>
        z >= 0 ? 1 - 0.5 * RegularizedGammaQ(0.5, z * z / 2) : 0.5 * RegularizedGammaQ(0.5, z * z / 2);

    /// <summary>The z with P(Z ≤ z) = p (Acklam's rational approximation, refined by one Halley step).</summary>
    public static double NormalQuantile(double p)
    {
        if (p is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), "A probability strictly between 0 and 1 is needed.");
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p > 1 - 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        var e = NormalCdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /// <summary>P(T ≤ t) for Student's t with <paramref name="degreesOfFreedom"/> (not necessarily whole, as Welch's are).</summary>
    public static double StudentTCdf(double t, double degreesOfFreedom)
    {
        if (degreesOfFreedom <= 0) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom));
        var tail = 0.5 * RegularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with P(T ≤ t) = p, by bisection on <see cref="StudentTCdf"/> (monotone, so it always converges).</summary>
    public static double StudentTQuantile(double p, double degreesOfFreedom)
    {
        if (p is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), "A probability strictly between 0 and 1 is needed.");
        var (low, high) = (-1.0, 1.0);
        while (StudentTCdf(low, degreesOfFreedom) > p) low *= 2;
        while (StudentTCdf(high, degreesOfFreedom) < p) high *= 2;
        for (var i = 0; i < 200 && high - low > 1e-12 * Math.Max(1, Math.Abs(high)); i++)
        {
            var mid = (low + high) / 2;
            if (StudentTCdf(mid, degreesOfFreedom) < p) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>P(X ≥ x) for a chi-square X with <paramref name="degreesOfFreedom"/>.</summary>
    public static double ChiSquareSurvival(double x, double degreesOfFreedom) =>
        x <= 0 ? 1 : RegularizedGammaQ(degreesOfFreedom / 2, x / 2);

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine coefficients).</summary>
    public static double LogGamma(double x)
    {
        double[] g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        x -= 1;
        var sum = g[0];
        for (var i = 1; i < g.Length; i++) sum += g[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): the series below a + 1, the continued fraction above.</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (x <= 0) return 1;
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (var n = 1; n < MaxIterations; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * Epsilon) break;
            }
            return 1 - sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
        }
        // Lentz's method on the continued fraction for Γ(a, x).
        double b = x + 1 - a, c = 1 / double.Epsilon, d = 1 / b, h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < double.Epsilon) d = double.Epsilon;
            c = b + an / c;
            if (Math.Abs(c) < double.Epsilon) c = double.Epsilon;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }
        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    /// <summary>I_x(a, b), the regularised incomplete beta function.</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2) ? front * BetaFraction(x, a, b) / a : 1 - front * BetaFraction(1 - x, b, a) / b;
    }

    // The continued fraction of the incomplete beta function, by the modified Lentz method.
    private static double BetaFraction(double x, double a, double b)
    {
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        if (Math.Abs(d) < double.Epsilon) d = double.Epsilon;
        d = 1 / d;
        var h = d;
        for (var m = 1; m < MaxIterations; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < double.Epsilon) d = double.Epsilon;
            c = 1 + aa / c;
            if (Math.Abs(c) < double.Epsilon) c = double.Epsilon;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            if (Math.Abs(d) < double.Epsilon) d = double.Epsilon;
            c = 1 + aa / c;
            if (Math.Abs(c) < double.Epsilon) c = double.Epsilon;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon) break;
        }
        return h;
    }
}
