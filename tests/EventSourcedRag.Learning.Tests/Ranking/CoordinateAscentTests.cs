using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Ranking;

namespace EventSourcedRag.Learning.Tests.Ranking;

public class CoordinateAscentTests
{
    [Fact]
    public void Ndcg_of_a_training_query_equals_the_evaluation_metric()
    {
        // Candidates d0..d3 scored so the order is d2, d0, d3, d1; d9 is relevant but was never retrieved.
        var judged = new Dictionary<string, int> { ["d0"] = 1, ["d3"] = 2, ["d9"] = 1 };
        var query = new RankingQuery([[0f], [0f], [0f], [0f]], [1, 0, 0, 2], RankingQuery.IdealDcgAt(judged.Values, 10));
        var ndcg = query.NdcgAt([0.5, 0.1, 0.9, 0.3], 10);
        ndcg.ShouldBe(RankingMetrics.NdcgAt(["d2", "d0", "d3", "d1"], judged, 10), 1e-12);
        query.NdcgAt([1, 1, 1, 1], 10).ShouldBe(RankingMetrics.NdcgAt(["d0", "d1", "d2", "d3"], judged, 10), 1e-12); // ties keep order
    }

    [Fact]
    public void Given_queries_where_only_the_second_feature_finds_the_relevant_candidate_then_it_learns_to_weight_it()
    {
        // Feature 0 is the first stage (favours a wrong candidate); feature 1 marks the relevant one, on a different scale.
        var random = new Random(7);
        var queries = Enumerable.Range(0, 40).Select(_ =>
        {
            var relevant = random.Next(5);
            var rows = Enumerable.Range(0, 5).Select(i => new[] { (float)(i == (relevant + 1) % 5 ? 1.0 : random.NextDouble() * 0.5), i == relevant ? 30f : (float)(random.NextDouble() * 10) }).ToList();
            return new RankingQuery(rows, Enumerable.Range(0, 5).Select(i => i == relevant ? 1 : 0).ToList(), 1.0);
        }).ToList();

        var trainer = new CoordinateAscent();
        var fit = trainer.Train(queries, [1, 0]);
        trainer.Objective(queries, [1, 0]).ShouldBeLessThan(0.7);
        fit.TrainingNdcg.ShouldBe(1.0, 1e-9);
        fit.Weights[1].ShouldBeGreaterThan(0);
        trainer.Train(queries, [1, 0]).Weights.ShouldBe(fit.Weights); // deterministic
    }

    [Fact]
    public void Frozen_weights_keep_their_start_value()
    {
        var queries = new[] { new RankingQuery([[0f, 1f], [1f, 0f]], [1, 0], 1.0) };
        var fit = new CoordinateAscent().Train(queries, [1, 0], frozen: new HashSet<int> { 1 });
        fit.Weights[1].ShouldBe(0);
    }
}
