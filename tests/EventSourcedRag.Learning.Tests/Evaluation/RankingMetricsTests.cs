using EventSourcedRag.Learning.Evaluation;

namespace EventSourcedRag.Learning.Tests.Evaluation;

public class RankingMetricsTests
{
    // Ranked: d1 d2 d3 d4 d5; relevant: d2 (grade 2), d4 (grade 1), d9 (grade 1, never retrieved); d3 judged 0.
    private static readonly string[] Ranked = ["d1", "d2", "d3", "d4", "d5"];
    private static readonly Dictionary<string, int> Judged = new() { ["d2"] = 2, ["d4"] = 1, ["d9"] = 1, ["d3"] = 0 };

    [Fact]
    public void Ndcg_uses_linear_gains_and_the_ideal_order_of_all_judged_documents()
    {
        var dcg = 2 / Math.Log2(3) + 1 / Math.Log2(5);
        var ideal = 2 / Math.Log2(2) + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        RankingMetrics.NdcgAt(Ranked, Judged, 10).ShouldBe(dcg / ideal, 1e-12);
        RankingMetrics.NdcgAt(Ranked, Judged, 2).ShouldBe((2 / Math.Log2(3)) / (2 + 1 / Math.Log2(3)), 1e-12);
    }

    [Fact]
    public void Mrr_is_one_over_the_first_relevant_rank_within_the_cut()
    {
        RankingMetrics.MrrAt(Ranked, Judged, 10).ShouldBe(0.5);
        RankingMetrics.MrrAt(Ranked, Judged, 1).ShouldBe(0);
    }

    [Fact]
    public void Recall_counts_relevant_documents_found_over_all_relevant()
    {
        RankingMetrics.RecallAt(Ranked, Judged, 10).ShouldBe(2.0 / 3, 1e-12);
        RankingMetrics.RecallAt(Ranked, Judged, 3).ShouldBe(1.0 / 3, 1e-12);
    }

    [Fact]
    public void Map_averages_precision_at_relevant_ranks_over_all_relevant()
    {
        RankingMetrics.MapAt(Ranked, Judged, 10).ShouldBe((1.0 / 2 + 2.0 / 4) / 3, 1e-12);
        RankingMetrics.MapAt(Ranked, Judged, 3).ShouldBe((1.0 / 2) / 3, 1e-12);
    }

    [Fact]
    public void A_perfect_ranking_scores_one_and_an_empty_one_zero()
    {
        var judged = new Dictionary<string, int> { ["a"] = 3, ["b"] = 1 };
        RankingMetrics.NdcgAt(["a", "b"], judged, 10).ShouldBe(1, 1e-12);
        RankingMetrics.MapAt(["a", "b"], judged, 10).ShouldBe(1, 1e-12);
        RankingMetrics.NdcgAt([], judged, 10).ShouldBe(0);
        RankingMetrics.MrrAt([], judged, 10).ShouldBe(0);
    }
}
