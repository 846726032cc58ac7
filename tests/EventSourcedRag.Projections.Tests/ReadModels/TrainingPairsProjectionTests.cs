using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Projections.Tests.ReadModels;

public class TrainingPairsProjectionTests
{
    private static List<TrainingPair> Pairs(History h, SignalWeights? w = null) =>
        h.Fold(new TrainingPairsProjection(w ?? SignalWeights.Default)).Pairs.Ordered().Select(p => p.Value).ToList();

    [Fact]
    public void Given_a_click_at_rank_3_with_a_long_dwell_then_the_two_results_above_it_become_skip_above_negatives()
    {
        var h = new History();
        var r = h.Ask("expense receipts");
        h.Click(r, 3, 3).Dwell(r, 3, 40);

        var pairs = Pairs(h);
        pairs.Select(p => (p.PositiveChunk, p.NegativeChunk)).OrderBy(p => p.NegativeChunk)
            .ShouldBe([(History.Chunk(3), History.Chunk(1)), (History.Chunk(3), History.Chunk(2)), (History.Chunk(3), History.Chunk(4))]);
        pairs.Single(p => p.NegativeChunk == History.Chunk(4)).NegativeSignals.ShouldBe([TrainingSignal.NoClickNext]);
        var pair = pairs[0];
        pair.PositiveSignals.ShouldBe([TrainingSignal.ClickWithDwell]);
        pair.PositiveWeight.ShouldBe(1.1, 1e-12);
        pair.NegativeSignals.ShouldBe([TrainingSignal.SkipAbove]);
        pair.NegativeWeight.ShouldBe(-0.6);
        pair.PositivePosition.ShouldBe(3);
        pair.Query.ShouldBe("expense receipts");
        pair.Provenance.Count.ShouldBe(2);
        h.Events.Single(e => e.EventId == pair.Provenance[0]).Data.ShouldBeOfType<Domain.Feedback.SourceClicked>();
    }

    [Fact]
    public void A_click_without_dwell_is_no_positive()
    {
        var h = new History();
        var r = h.Ask("x");
        h.Click(r, 3, 3).Dwell(r, 3, 5);
        Pairs(h).ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_skip_above_pair_when_the_skipped_result_is_read_later_then_the_pair_is_withdrawn()
    {
        var h = new History();
        var r = h.Ask("x");
        h.Click(r, 3, 3).Dwell(r, 3, 40);
        Pairs(h).Count.ShouldBe(3);
        h.Click(r, 1, 1).Dwell(r, 1, 60);
        // Chunk 1 is now a positive; chunk 2 stays skipped above (and next to) the clicks, chunk 4 unclicked right below one.
        Pairs(h).Select(p => (p.PositiveChunk, p.NegativeChunk)).OrderBy(p => p.PositiveChunk).ThenBy(p => p.NegativeChunk)
            .ShouldBe([(History.Chunk(1), History.Chunk(2)), (History.Chunk(1), History.Chunk(4)), (History.Chunk(3), History.Chunk(2)), (History.Chunk(3), History.Chunk(4))]);
    }

    [Fact]
    public void Given_a_click_at_rank_1_then_the_unclicked_result_right_below_it_is_a_negative_discounted_by_its_examination()
    {
        var h = new History();
        var r = h.Ask("x");
        h.Click(r, 1, 1).Dwell(r, 1, 40);

        var pair = Pairs(h).ShouldHaveSingleItem();
        (pair.PositiveChunk, pair.NegativeChunk).ShouldBe((History.Chunk(1), History.Chunk(2)));
        pair.NegativeSignals.ShouldBe([TrainingSignal.NoClickNext]);
        pair.Confidence([1, 0.5, 0.3]).ShouldBe(0.5 * Math.Min(1, 1.1) * 0.6, 1e-12);
    }

    [Fact]
    public void Thumbs_up_makes_cited_chunks_positive_and_a_wrong_source_flag_a_negative()
    {
        var h = new History();
        var r = h.Ask("x", cited: 1);
        h.ThumbsUp(r).WrongSource(r, 4, 4);
        var pair = Pairs(h).ShouldHaveSingleItem();
        (pair.PositiveChunk, pair.NegativeChunk).ShouldBe((History.Chunk(1), History.Chunk(4)));
        pair.PositiveSignals.ShouldBe([TrainingSignal.ThumbsUp]);
        pair.NegativeSignals.ShouldBe([TrainingSignal.WrongSource]);
        pair.Confidence([1, 0.5, 0.3, 0.2]).ShouldBe(1.0); // explicit: no propensity discount
    }

    [Fact]
    public void Results_of_an_abandoned_query_pair_with_a_source_the_user_copied()
    {
        var h = new History();
        var r = h.Ask("x", shown: 3, cited: 2);
        h.Copy(r, 2).Abandon(r);
        var pairs = Pairs(h);
        pairs.Select(p => p.NegativeChunk).Order().ShouldBe([History.Chunk(1), History.Chunk(3)]);
        pairs.ShouldAllBe(p => p.PositiveChunk == History.Chunk(2) && p.NegativeSignals.Single() == TrainingSignal.Abandoned);
    }

    [Fact]
    public void Skip_above_confidence_is_discounted_by_the_examination_propensity_of_the_skipped_rank()
    {
        var h = new History();
        var r = h.Ask("x");
        h.Click(r, 3, 3).Dwell(r, 3, 40);
        var pair = Pairs(h).Single(p => p.NegativeChunk == History.Chunk(2));
        pair.Confidence([1, 0.5, 0.3]).ShouldBe(1 * 0.6 * 0.5, 1e-12);
    }
}
