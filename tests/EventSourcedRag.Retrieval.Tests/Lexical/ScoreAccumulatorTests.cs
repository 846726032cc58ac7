using EventSourcedRag.Retrieval.Lexical;

namespace EventSourcedRag.Retrieval.Tests.Lexical;

public class ScoreAccumulatorTests
{
    [Fact]
    public void A_new_query_starts_from_nothing_though_the_arrays_are_reused()
    {
        var first = ScoreAccumulator.Start(10);
        first.Add(3, 1.5);
        first.Add(3, 0.25);
        first.Add(7, 2.0);
        first.Best(5).ShouldBe([(7, 2.0), (3, 1.75)]);

        var second = ScoreAccumulator.Start(10);
        second.ShouldBeSameAs(first);
        second.Contains(3).ShouldBeFalse();
        second[7].ShouldBe(0);
        second.Add(5, 1.0);
        second.Touched.ShouldBe([5]);
    }

    [Fact]
    public void Adding_only_to_touched_slots_leaves_the_others_out_and_lanes_do_not_share_sums()
    {
        var contents = ScoreAccumulator.Start(4);
        contents.Add(1, 1.0);
        var titles = ScoreAccumulator.Start(4, lane: 1);
        titles.ShouldNotBeSameAs(contents);
        titles.Add(1, 0.5);
        titles.Add(2, 0.5);
        foreach (var slot in titles.Touched) contents.AddIfTouched(slot, titles[slot]);
        contents.Best(4).ShouldBe([(1, 1.5)]);
    }

    [Fact]
    public void It_grows_for_a_larger_collection_and_ties_go_to_the_lower_slot()
    {
        ScoreAccumulator.Start(2);
        var big = ScoreAccumulator.Start(1000);
        big.Add(999, 1.0);
        big.Add(10, 1.0);
        big.Best(1).ShouldBe([(10, 1.0)]);
    }
}
