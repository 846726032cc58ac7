using EventSourcedRag.Learning.Evaluation;

namespace EventSourcedRag.Learning.Tests.Evaluation;

public class ClickMetricsTests
{
    [Fact]
    public void A_click_weighs_by_the_inverse_of_its_position_s_propensity()
    {
        // Two clicks: "a" where every user looks (weight 1), "d" where few do (weight 4).
        var clicks = new Dictionary<string, double> { ["a"] = 1, ["d"] = 4 };

        var served = ClickMetrics.Of([(["a", "b", "c", "d"], clicks)]);
        var candidate = ClickMetrics.Of([(["d", "a", "b", "c"], clicks)]);

        served.Mrr10.ShouldBe((1 * 1.0 + 4 * 0.25) / 5, 1e-12);
        candidate.Mrr10.ShouldBe((4 * 1.0 + 1 * 0.5) / 5, 1e-12);
        candidate.Ndcg10.ShouldBeGreaterThan(served.Ndcg10); // unweighted, the served order would win on "a"
        served.Recall10.ShouldBe(1);
        served.Queries.ShouldBe(1);
    }

    [Fact]
    public void Clicked_items_outside_the_ten_count_as_missed_and_lists_without_clicks_are_left_out()
    {
        var ranked = Enumerable.Range(0, 12).Select(i => $"c{i}").ToList();

        var metrics = ClickMetrics.Of([(ranked, new Dictionary<string, double> { ["c0"] = 1, ["c11"] = 3 }), (ranked, new Dictionary<string, double>())]);

        metrics.Queries.ShouldBe(1);
        metrics.Recall10.ShouldBe(0.25, 1e-12);
        metrics.Map10.ShouldBe(0.25, 1e-12);
        ClickMetrics.Of([]).ShouldBe(MetricSet.Empty);
    }
}
