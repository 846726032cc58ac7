using EventSourcedRag.Retrieval.Fusion;

namespace EventSourcedRag.Retrieval.Tests.Fusion;

public class RankFusionTests
{
    private static readonly List<(int Slot, double Score)> Lexical = [(1, 12.0), (2, 9.0), (3, 1.0)];
    private static readonly List<(int Slot, double Score)> Dense = [(3, 0.9), (1, 0.5)];

    [Fact]
    public void Reciprocal_rank_fusion_sums_one_over_k_plus_rank()
    {
        var fused = RankFusion.Reciprocal([(Lexical, 1.0), (Dense, 1.0)], k: 60);
        fused[1].ShouldBe(1.0 / 61 + 1.0 / 62, 1e-15);
        fused[2].ShouldBe(1.0 / 62, 1e-15);
        fused[3].ShouldBe(1.0 / 63 + 1.0 / 61, 1e-15);
    }

    [Fact]
    public void Weighted_fusion_min_max_scales_each_list()
    {
        var fused = RankFusion.Weighted([(Lexical, 0.5), (Dense, 1.0)]);
        fused[1].ShouldBe(0.5 * 1.0 + 1.0 * 0.0, 1e-12);
        fused[2].ShouldBe(0.5 * (8.0 / 11.0), 1e-12);
        fused[3].ShouldBe(0.5 * 0.0 + 1.0 * 1.0, 1e-12);
    }

    [Fact]
    public void A_list_of_equal_scores_scales_to_one() =>
        RankFusion.Weighted([([(7, 2.0), (8, 2.0)], 1.0)]).Values.ShouldAllBe(v => v == 1.0);

    [Fact]
    public void Top_k_breaks_ties_by_slot() =>
        TopK.Select(new Dictionary<int, double> { [9] = 1, [4] = 1, [6] = 2 }, 2).Select(x => x.Slot).ShouldBe([6, 4]);
}
