using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Tests.Queries;

public class ExplorationTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<SearchHit> Ranked = Enumerable.Range(1, 30).Select(i =>
    {
        var chunk = new IndexedChunk(Guid.Parse($"00000000-0000-0000-0000-{i:D12}"), Guid.NewGuid(), 1, 0, $"t{i}", "a.md", [], Jan, $"text {i}");
        return new SearchHit(chunk, i, null, null, null, null, 1.0 / i, i);
    }).ToList();

    private static IEnumerable<Guid> Responses(int count) => Enumerable.Range(0, count).Select(i => Guid.Parse($"11111111-2222-3333-4444-{i:D12}"));

    [Fact]
    public void An_explored_response_shows_one_candidate_from_the_pool_in_an_open_position_the_others_moving_down_one()
    {
        var policy = new ExplorationPolicy(1.0, 20, 6);

        foreach (var id in Responses(50))
        {
            var (shown, explored) = Exploration.Apply(Ranked, 10, new Exploring(id, policy));

            explored.ShouldNotBeNull();
            shown.Count.ShouldBe(10);
            shown.Select(h => h.Position).ShouldBe(Enumerable.Range(1, 10));
            explored.Position.ShouldBeInRange(6, 10);
            explored.FromRank.ShouldBeInRange(11, 30);
            shown[explored.Position - 1].Chunk.ChunkId.ShouldBe(Ranked[explored.FromRank - 1].Chunk.ChunkId);
            explored.Propensity.ShouldBe(1.0 / 20 / 5, 1e-12);
            // The cost is capped: what was above the open positions is untouched, the rest keeps its order, one drops out.
            var others = shown.Where(h => h.Chunk.ChunkId != explored.ChunkId).Select(h => h.Chunk.ChunkId);
            others.ShouldBe(Ranked.Take(9).Select(h => h.Chunk.ChunkId));
        }
    }

    [Fact]
    public void The_same_response_explores_alike_every_time_and_about_the_share_of_responses_explore()
    {
        var policy = new ExplorationPolicy(0.1, 20, 6);
        var explored = Responses(4000).Count(id => Exploration.Apply(Ranked, 10, new Exploring(id, policy)).Explored is not null);
        explored.ShouldBeInRange(320, 480); // 10 % ± 4 sd

        var one = Responses(400).First(id => Exploration.Apply(Ranked, 10, new Exploring(id, policy)).Explored is not null);
        Exploration.Apply(Ranked, 10, new Exploring(one, policy)).ShouldBe(Exploration.Apply(Ranked, 10, new Exploring(one, policy)), new ApplyComparer());
    }

    [Theory]
    [InlineData(0, 0, 0.05, false)] // never asked
    [InlineData(1, 0, 0.05, false)] // one unanswered showing is not yet a pattern
    [InlineData(3, 0, 0.3, true)]
    [InlineData(3, 1, 0.3, true)] // a third answered: still failing most askers
    [InlineData(3, 2, 0.05, false)]
    public void A_question_whose_earlier_askers_rarely_chose_anything_explores_at_the_uncertain_share(long shown, long chosen, double share, bool uncertain)
    {
        var policy = Exploration.PolicyFor(new ExplorationOptions(), 10, (shown, chosen))!;

        policy.Share.ShouldBe(share);
        policy.Uncertain.ShouldBe(uncertain);
        policy.FromPosition.ShouldBe(6);
    }

    [Fact]
    public void Uncertain_questions_keep_the_plain_share_when_it_is_the_higher_and_explore_not_at_all_when_both_are_zero()
    {
        Exploration.PolicyFor(new ExplorationOptions { Share = 0.5 }, 10, (5, 0))!.ShouldBe(new ExplorationPolicy(0.5, 20, 6));
        Exploration.PolicyFor(new ExplorationOptions { Share = 0, UncertainShare = 0 }, 10, (5, 0)).ShouldBeNull();
        Exploration.PolicyFor(new ExplorationOptions { Share = 0 }, 10, (0, 0)).ShouldBeNull();
        Exploration.PolicyFor(new ExplorationOptions { Share = 0 }, 10, (5, 0))!.Share.ShouldBe(0.3);
    }

    [Fact]
    public void Nothing_is_explored_without_candidates_below_the_cut_or_with_a_share_of_zero()
    {
        foreach (var id in Responses(100))
        {
            Exploration.Apply(Ranked.Take(10).ToList(), 10, new Exploring(id, new ExplorationPolicy(1.0, 20, 6))).Explored.ShouldBeNull();
            var (shown, explored) = Exploration.Apply(Ranked, 10, new Exploring(id, new ExplorationPolicy(0.0, 20, 6)));
            explored.ShouldBeNull();
            shown.ShouldBe(Ranked.Take(10));
        }
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(10, 6)]
    [InlineData(2, 2)]
    [InlineData(1, 2)] // nothing is open: one result is the best one
    public void By_default_the_lower_half_of_the_shown_results_is_open_never_the_first(int topK, int firstOpen)
    {
        Exploration.PolicyFor(new ExplorationOptions { Share = 0.05 }, topK).ShouldBe(new ExplorationPolicy(0.05, 20, firstOpen));
        Exploration.PolicyFor(new ExplorationOptions { Share = 0 }, topK).ShouldBeNull();
    }

    [Fact]
    public void A_client_asking_for_one_result_always_gets_the_best_one()
    {
        var policy = Exploration.PolicyFor(new ExplorationOptions { Share = 1 }, 1)!;

        foreach (var id in Responses(50))
            Exploration.Apply(Ranked, 1, new Exploring(id, policy)).Shown.ShouldHaveSingleItem().Chunk.ChunkId.ShouldBe(Ranked[0].Chunk.ChunkId);
    }

    private sealed class ApplyComparer : IEqualityComparer<(IReadOnlyList<SearchHit> Shown, ExploredResult? Explored)>
    {
        public bool Equals((IReadOnlyList<SearchHit> Shown, ExploredResult? Explored) a, (IReadOnlyList<SearchHit> Shown, ExploredResult? Explored) b) =>
            a.Explored == b.Explored && a.Shown.Select(h => h.Chunk.ChunkId).SequenceEqual(b.Shown.Select(h => h.Chunk.ChunkId));

        public int GetHashCode((IReadOnlyList<SearchHit> Shown, ExploredResult? Explored) obj) => 0;
    }
}
