using EventSourcedRag.Infrastructure.Search;

namespace EventSourcedRag.Infrastructure.Tests.Search;

public class IndexLevelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Given_a_new_host_when_nothing_was_read_then_the_index_was_never_level()
    {
        new IndexLevel().LevelAt.ShouldBeNull();
    }

    [Fact]
    public void Given_a_head_read_when_it_is_applied_then_the_index_is_level_as_of_the_read()
    {
        var level = new IndexLevel();
        level.HeadRead(100, T0, position: 40);
        level.LevelAt.ShouldBeNull();

        level.Applied(100);

        level.LevelAt.ShouldBe(T0);
        level.SeenHead.ShouldBe(100);
    }

    [Fact]
    public void Given_steady_traffic_when_every_read_finds_new_events_then_each_applied_read_moves_the_level_forward()
    {
        var level = new IndexLevel();
        for (var i = 1; i <= 5; i++)
        {
            // Every poll finds events appended since the last one; the index never sees an empty poll.
            level.HeadRead(i * 100, T0.AddSeconds(i), position: (i - 1) * 100);
            level.Applied(i * 100);
        }

        level.LevelAt.ShouldBe(T0.AddSeconds(5));
    }

    [Fact]
    public void Given_an_index_caught_up_when_the_head_has_not_moved_then_the_read_itself_is_level()
    {
        var level = new IndexLevel();
        level.HeadRead(50, T0, position: 50);

        level.LevelAt.ShouldBe(T0);
    }

    [Fact]
    public void Given_a_backlog_when_only_part_of_it_is_applied_then_the_level_stays_where_it_was()
    {
        var level = new IndexLevel();
        level.HeadRead(100, T0, position: 100);
        level.HeadRead(900, T0.AddSeconds(30), position: 100);

        level.Applied(500);

        level.LevelAt.ShouldBe(T0);
        level.SeenHead.ShouldBe(900);
    }
}
