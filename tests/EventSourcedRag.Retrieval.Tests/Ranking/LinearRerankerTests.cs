using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Retrieval.Tests.Ranking;

public class LinearRerankerTests
{
    [Fact]
    public void Scores_are_the_weighted_sum_of_the_named_features()
    {
        var reranker = new LinearReranker(new Dictionary<string, double> { ["fused"] = 2, ["coverage"] = -1 });
        var row = new float[RankingFeatures.Count];
        row[RankingFeatures.IndexOf("fused")] = 0.5f;
        row[RankingFeatures.IndexOf("coverage")] = 0.25f;
        row[RankingFeatures.IndexOf("bm25")] = 100f; // weight 0
        reranker.Score([row]).ShouldBe([0.75]);
    }

    [Fact]
    public void The_version_names_the_weights()
    {
        var a = new LinearReranker(new Dictionary<string, double> { ["fused"] = 1, ["coverage"] = 0.5 });
        var same = new LinearReranker(new Dictionary<string, double> { ["coverage"] = 0.5, ["fused"] = 1 });
        var other = new LinearReranker(new Dictionary<string, double> { ["fused"] = 1, ["coverage"] = 0.6 });
        a.Version.ShouldBe(same.Version);
        a.Version.ShouldNotBe(other.Version);
        a.Version.ShouldStartWith("linear-");
    }

    [Fact]
    public void Unknown_features_and_all_zero_weights_are_refused()
    {
        Should.Throw<ArgumentException>(() => new LinearReranker(new Dictionary<string, double> { ["pagerank"] = 1 })).Message.ShouldContain("pagerank");
        Should.Throw<ArgumentException>(() => new LinearReranker(new Dictionary<string, double> { ["fused"] = 0 }));
        Should.Throw<ArgumentException>(() => new LinearReranker(new Dictionary<string, double> { ["fused"] = double.NaN }));
    }
}
