using EventSourcedRag.Infrastructure.Search;

namespace EventSourcedRag.Infrastructure.Tests.Search;

public class IndexFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    [Fact]
    public void Given_an_index_level_with_the_log_a_moment_ago_Then_it_is_fresh() =>
        IndexFreshness.Of(500, 500, Now.AddMilliseconds(-250), Now, StaleAfter).ShouldBe(new IndexFreshness(500, 500, 0, 0.25, false));

    [Fact]
    public void Given_an_index_catching_up_a_backlog_Then_it_counts_what_it_has_seen_and_not_applied()
    {
        var freshness = IndexFreshness.Of(400, 900, Now.AddSeconds(-3), Now, StaleAfter);
        (freshness.BehindEvents, freshness.Stale).ShouldBe((500L, false));
    }

    [Fact]
    public void Given_no_catch_up_has_finished_for_longer_than_the_limit_Then_it_is_stale_even_if_it_saw_no_new_events() =>
        IndexFreshness.Of(900, 900, Now.AddSeconds(-30), Now, StaleAfter).Stale.ShouldBeTrue(); // e.g. PostgreSQL unreachable meanwhile

    [Fact]
    public void Given_an_index_that_never_caught_up_since_the_host_started_Then_it_is_stale_with_no_lag_figure()
    {
        var freshness = IndexFreshness.Of(0, 12_000, null, Now, StaleAfter);
        (freshness.LagSeconds, freshness.Stale, freshness.BehindEvents).ShouldBe(((double?)null, true, 12_000L));
    }

    [Fact]
    public void A_position_read_after_the_head_was_seen_never_gives_a_negative_backlog() =>
        IndexFreshness.Of(1_010, 1_000, Now, Now, StaleAfter).ShouldBe(new IndexFreshness(1_010, 1_010, 0, 0, false));
}
