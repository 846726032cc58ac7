using EventSourcedRag.Learning.Statistics;

namespace EventSourcedRag.Learning.Tests.Statistics;

/// <summary>Statistics computed by hand (working in the comments) and textbook rules.</summary>
public class HypothesisTestsTests
{
    [Fact]
    public void Two_proportions_200_of_1000_against_250_of_1000()
    {
        // pooled p = 450/2000 = 0.225; SE = √(0.225·0.775·(2/1000)) = 0.0186748; z = 0.05/0.0186748 = 2.677404;
        // p = 2·(1 − Φ(2.677404)) = 0.0074193. Interval: SE = √(0.2·0.8/1000 + 0.25·0.75/1000) = 0.0186414;
        // 0.05 ± 1.959964·0.0186414 = [0.0134637, 0.0865363].
        var result = HypothesisTests.TwoProportions(200, 1000, 250, 1000);

        result.Statistic.ShouldBe(2.677404, 1e-5);
        result.PValue.ShouldBe(0.0074193, 1e-6);
        result.Difference.ShouldBe(0.05, 1e-12);
        result.Lower.ShouldBe(0.0134637, 1e-6);
        result.Upper.ShouldBe(0.0865363, 1e-6);
        result.Significant(0.05).ShouldBeTrue();
    }

    [Fact]
    public void Welch_on_unequal_variances()
    {
        // A: mean 20, variance 4, n 10; B: mean 22, variance 16, n 20. vA = 0.4, vB = 0.8, SE = √1.2 = 1.0954451;
        // t = 2/1.0954451 = 1.8257419; df = 1.44 / (0.16/9 + 0.64/19) = 1.44/0.0514620 = 27.98168.
        var result = HypothesisTests.Welch(20, 4, 10, 22, 16, 20);

        result.Statistic.ShouldBe(1.8257419, 1e-6);
        var df = 1.44 / (0.16 / 9 + 0.64 / 19);
        result.PValue.ShouldBe(2 * Distributions.StudentTCdf(-1.8257419, df), 1e-7);
        result.PValue.ShouldBeInRange(0.07, 0.09); // between the table's two-sided 0.10 (1.701) and 0.05 (2.048) at 28 df
        var t = Distributions.StudentTQuantile(0.975, df);
        t.ShouldBeInRange(2.048, 2.049);
        result.Lower.ShouldBe(2 - t * Math.Sqrt(1.2), 1e-9);
        result.Upper.ShouldBe(2 + t * Math.Sqrt(1.2), 1e-9);
    }

    [Fact]
    public void Sample_ratio_mismatch_on_a_planned_even_split()
    {
        // Expected 5100 each; χ² = 2·100²/5100 = 3.9215686, 1 df: p = 0.04767 (under 0.05, far above the 0.001 halt).
        var balanced = HypothesisTests.SampleRatioMismatch([5000, 5200], [0.5, 0.5]);
        balanced.ChiSquare.ShouldBe(3.9215686, 1e-6);
        balanced.PValue.ShouldBe(0.04767, 1e-4);
        balanced.DegreesOfFreedom.ShouldBe(1);

        // A broken assignment: 4,700 against 5,300 on a planned 50/50 is χ² = 36, p ≈ 2e-9.
        HypothesisTests.SampleRatioMismatch([4700, 5300], [0.5, 0.5]).PValue.ShouldBeLessThan(0.001);
        // A planned 95/5 canary counted as planned is no mismatch.
        HypothesisTests.SampleRatioMismatch([9500, 500], [0.95, 0.05]).ChiSquare.ShouldBe(0, 1e-9);
    }

    [Fact]
    public void Holm_adjusts_step_down_and_keeps_the_order_of_the_input()
    {
        // Sorted 0.01, 0.03, 0.04 → 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
        var adjusted = HypothesisTests.Holm([0.01, 0.04, 0.03]);

        adjusted.ShouldBe([0.03, 0.06, 0.06], tolerance: 1e-12);
        adjusted.Count(p => p < 0.05).ShouldBe(1);
        HypothesisTests.Holm([0.5, 0.9]).ShouldBe([1.0, 1.0], tolerance: 1e-12); // 2·0.5 caps at 1, and adjusted values never fall
    }

    [Fact]
    public void Sample_sizes_for_the_usual_alpha_and_power()
    {
        // (1.959964 + 0.841621)² = 7.848866; (0.09 + 0.1056)/0.0004 · 7.848866 = 3838.09 → 3839 per variant.
        SampleSize.TwoProportions(0.10, 0.12).ShouldBe(3839);
        // 2·7.848866·1²/0.2² = 392.44 → 393.
        SampleSize.Means(0.2, 1).ShouldBe(393);
        Should.Throw<ArgumentException>(() => SampleSize.TwoProportions(0.1, 0.1));
    }
}

public class IntervalsTests
{
    [Fact]
    public void Wilson_interval_of_a_proportion_computed_by_hand()
    {
        // 81 of 263 at 95 %: p = 0.307985, z²/n = 0.014606; centre = (p + z²/2n)/(1 + z²/n) = 0.310749;
        // margin = z·√(p(1−p)/n + z²/4n²)/(1 + z²/n) = 1.959964·0.028710/1.014606 = 0.055461 → [0.255288, 0.366210].
        var (lower, upper) = Intervals.Proportion(81, 263);
        lower.ShouldBe(0.255288, 1e-5);
        upper.ShouldBe(0.366210, 1e-5);
        Intervals.Proportion(0, 10).Lower.ShouldBe(0, 1e-12); // no successes: the interval starts at 0
    }

    [Fact]
    public void Mean_interval_uses_the_t_distribution()
    {
        // mean 5, variance 4, n 10: 5 ± t(0.975, 9)·√0.4 = 5 ± 2.2621572·0.6324555 = 5 ± 1.430714.
        var (lower, upper) = Intervals.Mean(5, 4, 10);
        lower.ShouldBe(3.569286, 1e-5);
        upper.ShouldBe(6.430714, 1e-5);
    }
}
