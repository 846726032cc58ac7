using EventSourcedRag.Learning.Statistics;

namespace EventSourcedRag.Learning.Tests.Statistics;

public class SequentialTestTests
{
    // Looks after every batch of 50 observations per variant, up to 2,000, on simulated means with σ = 1.
    private static (bool Sequential, bool Naive) Run(Random random, double effect, double tau2)
    {
        var test = new SequentialTest(tau2);
        double sumA = 0, sumB = 0;
        var naiveRejected = false;
        for (var n = 50; n <= 2000; n += 50)
        {
            for (var i = 0; i < 50; i++)
            {
                sumA += Gaussian(random);
                sumB += Gaussian(random) + effect;
            }
            var (difference, variance) = (sumB / n - sumA / n, 2.0 / n);
            test.Look(difference, variance);
            naiveRejected |= 2 * Distributions.NormalCdf(-Math.Abs(difference / Math.Sqrt(variance))) < 0.05;
        }
        return (test.PValue < 0.05, naiveRejected);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Peeking_after_every_batch_keeps_false_positives_under_alpha_where_a_naive_z_test_does_not()
    {
        var random = new Random(11);
        var runs = Enumerable.Range(0, 1000).Select(_ => Run(random, effect: 0, tau2: 0.01)).ToList();

        var sequential = runs.Count(r => r.Sequential) / 1000.0;
        var naive = runs.Count(r => r.Naive) / 1000.0;
        sequential.ShouldBeLessThanOrEqualTo(0.05);
        naive.ShouldBeGreaterThan(0.15); // the well-known inflation of repeated fixed-horizon tests
    }

    [Fact]
    public void A_real_difference_is_found()
    {
        var random = new Random(12);
        var found = Enumerable.Range(0, 100).Count(_ => Run(random, effect: 0.15, tau2: 0.01).Sequential);

        found.ShouldBeGreaterThan(80);
    }

    [Fact]
    public void The_p_value_never_rises_between_looks_and_is_one_with_no_evidence()
    {
        var test = new SequentialTest(0.01);
        test.Look(0, 0.01).ShouldBe(1);
        var strong = test.Look(0.3, 0.001);
        strong.ShouldBeLessThan(0.001);
        test.Look(0, 0.0005).ShouldBe(strong); // later evidence of no difference does not undo what was seen
    }
}
