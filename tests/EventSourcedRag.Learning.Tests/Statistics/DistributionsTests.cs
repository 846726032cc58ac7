using EventSourcedRag.Learning.Statistics;

namespace EventSourcedRag.Learning.Tests.Statistics;

/// <summary>Against printed tables (normal, Student's t and chi-square critical values).</summary>
public class DistributionsTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447461)]
    [InlineData(-1.0, 0.1586552539)]
    [InlineData(1.959963985, 0.975)]
    [InlineData(-2.575829304, 0.005)]
    [InlineData(3.090232306, 0.999)]
    public void Normal_cdf_matches_the_table(double z, double p) => Distributions.NormalCdf(z).ShouldBe(p, 1e-9);

    [Theory]
    [InlineData(0.975, 1.959963985)]
    [InlineData(0.8, 0.8416212336)]
    [InlineData(0.001, -3.090232306)]
    public void Normal_quantile_inverts_the_cdf(double p, double z) => Distributions.NormalQuantile(p).ShouldBe(z, 1e-8);

    [Theory]
    [InlineData(1, 12.7062047)]
    [InlineData(5, 2.5705818)]
    [InlineData(10, 2.2281389)]
    [InlineData(30, 2.0422725)]
    public void Student_t_critical_values_at_97_5_percent_match_the_table(double df, double t)
    {
        Distributions.StudentTCdf(t, df).ShouldBe(0.975, 1e-7);
        Distributions.StudentTCdf(-t, df).ShouldBe(0.025, 1e-7);
        Distributions.StudentTQuantile(0.975, df).ShouldBe(t, 1e-6);
    }

    [Fact]
    public void Student_t_approaches_the_normal_with_many_degrees_of_freedom() =>
        Distributions.StudentTCdf(1.959963985, 1e7).ShouldBe(0.975, 1e-6);

    [Theory]
    [InlineData(3.841458821, 1, 0.05)]
    [InlineData(10.82756617, 1, 0.001)]
    [InlineData(5.991464547, 2, 0.05)]
    [InlineData(7.814727903, 3, 0.05)]
    [InlineData(18.30703805, 10, 0.05)]
    public void Chi_square_critical_values_match_the_table(double x, double df, double tail) =>
        Distributions.ChiSquareSurvival(x, df).ShouldBe(tail, 1e-8);

    [Fact]
    public void Log_gamma_of_whole_numbers_is_the_log_factorial()
    {
        Distributions.LogGamma(1).ShouldBe(0, 1e-12);
        Distributions.LogGamma(5).ShouldBe(Math.Log(24), 1e-12);
        Distributions.LogGamma(0.5).ShouldBe(Math.Log(Math.Sqrt(Math.PI)), 1e-12);
    }
}
