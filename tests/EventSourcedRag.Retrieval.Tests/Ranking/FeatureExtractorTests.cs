using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Retrieval.Tests.Ranking;

public class FeatureExtractorTests
{
    // idf: "heat" 2, "pump" 1, "noise" 1; anything else 0.
    private static double Idf(string term) => term switch { "heat" => 2, "pump" => 1, "noise" => 1, _ => 0 };

    private static float Feature(float[] row, string name) => row[RankingFeatures.IndexOf(name)];

    private static float[] Row(string[] query, string[] terms, string[]? title = null, double? bm25 = 4, int? bm25Rank = 2, double? dense = null, int? denseRank = null, double fused = 0.5) =>
        FeatureExtractor.Extract(query, Idf, 8, 1, [new Candidate(terms, title ?? [], bm25, bm25Rank, dense, denseRank, fused)])[0];

    [Fact]
    public void Coverage_is_the_idf_weighted_share_of_query_terms_present()
    {
        var row = Row(["heat", "pump", "noise"], ["pump", "x", "noise", "pump"]);
        Feature(row, "coverage").ShouldBe(0.5f); // (1 + 1) / (2 + 1 + 1)
        Feature(row, "title_coverage").ShouldBe(0f);
        Feature(Row(["heat", "pump"], ["y"], title: ["heat"]), "title_coverage").ShouldBe(2f / 3, 1e-6);
    }

    [Fact]
    public void Proximity_sums_the_smaller_idf_over_squared_distance_within_the_window()
    {
        // heat@0, pump@2 (distance 2: min idf 1 / 4), noise@8 too far from both (window 5), pump@9 next to noise (1 / 1).
        var row = Row(["heat", "pump", "noise"], ["heat", "a", "pump", "b", "c", "d", "e", "f", "noise", "pump"]);
        Feature(row, "proximity").ShouldBe((float)Math.Log(1 + 0.25 + 1.0), 1e-6);
    }

    [Fact]
    public void Bigrams_count_query_pairs_found_adjacent_and_in_order()
    {
        Feature(Row(["heat", "pump", "noise"], ["heat", "pump", "x", "noise"]), "bigrams").ShouldBe(0.5f); // "heat pump" yes, "pump noise" no
        Feature(Row(["heat", "pump"], ["pump", "heat"]), "bigrams").ShouldBe(0f);                        // wrong order
    }

    [Fact]
    public void Scores_are_normalised_by_the_query_best_and_absent_ranks_are_zero()
    {
        var rows = FeatureExtractor.Extract(["heat"], Idf, 8, 0.5,
        [
            new Candidate(["heat"], [], 8, 1, 0.5, 3, 1.2),
            new Candidate(["heat"], [], 2, 4, null, null, 0.3),
        ]);
        Feature(rows[0], "bm25_norm").ShouldBe(1f);
        Feature(rows[1], "bm25_norm").ShouldBe(0.25f);
        Feature(rows[0], "bm25_rr").ShouldBe(1f);
        Feature(rows[1], "bm25_rr").ShouldBe(0.25f);
        Feature(rows[0], "dense_rr").ShouldBe(1f / 3, 1e-6);
        Feature(rows[1], "dense").ShouldBe(0f);
        Feature(rows[1], "dense_rr").ShouldBe(0f);
        Feature(rows[1], "log_length").ShouldBe((float)Math.Log(2), 1e-6);
    }

    [Fact]
    public void A_query_of_unknown_terms_gives_zero_text_features()
    {
        var row = Row(["zzz"], ["zzz", "zzz"]);
        Feature(row, "coverage").ShouldBe(0f);
        Feature(row, "proximity").ShouldBe(0f);
        row.Length.ShouldBe(RankingFeatures.Count);
    }

    [Fact]
    public void Feedback_priors_known_at_serve_time_become_the_prior_columns()
    {
        var rows = FeatureExtractor.Extract(["heat"], Idf, 8, 0.5,
        [
            new Candidate(["heat"], [], 8, 1, 0.5, 3, 1.2, new FeedbackPrior(0.75f, 4f, 0.25f, 0.5f)),
            new Candidate(["heat"], [], 2, 4, null, null, 0.3),
        ]);
        Feature(rows[0], "prior_query_ctr").ShouldBe(0.75f);
        Feature(rows[0], "prior_query_exam").ShouldBe((float)Math.Log(5), 1e-6);
        Feature(rows[0], "prior_query_skip").ShouldBe(0.25f);
        Feature(rows[0], "prior_chunk_ctr").ShouldBe(0.5f);
        // An unseen candidate has no evidence: every prior column is zero, which the model can tell from a low ctr by prior_query_exam.
        RankingFeatures.Names.Where(n => n.StartsWith("prior_")).ShouldAllBe(n => Feature(rows[1], n) == 0f);
    }
}
