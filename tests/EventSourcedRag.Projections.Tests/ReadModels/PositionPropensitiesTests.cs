using EventSourcedRag.Projections.Feedback;

namespace EventSourcedRag.Projections.Tests.ReadModels;

public class PositionPropensitiesTests
{
    [Fact]
    public void Recovers_the_examination_curve_of_simulated_position_based_clicks()
    {
        // 60 query-result pairs with their own relevance, each shown at every rank 1..5 (rankings vary), clicks
        // drawn from the position-based model with θ = 1, 0.6, 0.4, 0.3, 0.2.
        double[] theta = [1, 0.6, 0.4, 0.3, 0.2];
        var random = new Random(11);
        var stats = new List<ClickStat>();
        for (var pair = 0; pair < 60; pair++)
        {
            var gamma = 0.1 + 0.8 * random.NextDouble();
            for (var rank = 1; rank <= 5; rank++)
            {
                var n = 400;
                var clicks = Enumerable.Range(0, n).Count(_ => random.NextDouble() < theta[rank - 1] * gamma);
                stats.Add(new ClickStat { Tenant = "t", NormalizedQuery = $"q{pair}", ChunkId = Guid.Parse($"00000000-0000-0000-0000-{pair:D12}"), Position = rank, Impressions = n, Clicks = clicks });
            }
        }
        var estimated = PositionPropensities.Estimate(stats, ranks: 5);
        for (var k = 0; k < 5; k++) estimated[k].ShouldBe(theta[k], 0.05);
        PositionPropensities.Estimate(stats, ranks: 5).ShouldBe(estimated); // deterministic
    }

    [Fact]
    public void Too_few_clicks_fall_back_to_the_prior()
    {
        var stats = new[] { new ClickStat { Tenant = "t", NormalizedQuery = "q", ChunkId = Guid.Empty, Position = 1, Impressions = 10, Clicks = 3 } };
        PositionPropensities.Estimate(stats, ranks: 3).ShouldBe([1, 0.5, 1.0 / 3]);
    }
}
