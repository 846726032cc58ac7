using EventSourcedRag.Projections.Feedback;

namespace EventSourcedRag.Projections.Tests.ReadModels;

public class FeedbackAggregatesProjectionTests
{
    private static FeedbackAggregate Chunk(FeedbackAggregatesProjection p, int i) => p.Chunks.Find(FeedbackAggregatesProjection.ChunkKey("default", History.Chunk(i)))!;

    [Fact]
    public void Given_two_responses_when_a_result_is_clicked_and_read_then_its_aggregates_count_impressions_by_position_and_weigh_the_signals()
    {
        var h = new History();
        var first = h.Ask("vacation days");
        h.Click(first, 2, 2).Dwell(first, 2, 45);
        h.Ask("Vacation days", chunks: [2, 1, 3]);

        var p = h.Fold(new FeedbackAggregatesProjection(SignalWeights.Default));
        var chunk2 = Chunk(p, 2);
        chunk2.Impressions.ShouldBe(2);
        chunk2.ImpressionsByPosition[0].ShouldBe(1); // position 1 in the second response
        chunk2.ImpressionsByPosition[1].ShouldBe(1);
        chunk2.Clicks.ShouldBe(1);
        chunk2.ClicksByPosition[1].ShouldBe(1);
        chunk2.LongDwells.ShouldBe(1);
        chunk2.SignalScore.ShouldBe(0.6 + 0.5, 1e-12);
        chunk2.Ctr.ShouldBe(0.5);

        var query = p.Queries.Find(FeedbackAggregatesProjection.QueryKey("default", "vacation days"))!;
        query.Responses.ShouldBe(2);
        query.Impressions.ShouldBe(8);
        query.Clicks.ShouldBe(1);
        p.Documents.Find($"default|{History.Document(2):N}")!.Clicks.ShouldBe(1);
    }

    [Fact]
    public void Given_an_answer_citing_two_chunks_when_it_gets_thumbs_and_a_rating_then_both_cited_chunks_and_the_query_count_them()
    {
        var h = new History();
        var r = h.Ask("parking", cited: 2);
        h.ThumbsUp(r).ThumbsDown(r).ThumbsUp(r).Rate(r, 4).Copy(r, null);

        var p = h.Fold(new FeedbackAggregatesProjection(SignalWeights.Default));
        foreach (var i in new[] { 1, 2 })
        {
            var c = Chunk(p, i);
            (c.ThumbsUp, c.ThumbsDown, c.Ratings, c.RatingSum, c.Copies).ShouldBe((2, 1, 1, 4, 1));
            c.ThumbsRatio!.Value.ShouldBe(2.0 / 3, 1e-12);
            c.SignalScore.ShouldBe(1 - 1 + 1 + 0.7, 1e-12);
        }
        Chunk(p, 3).ThumbsUp.ShouldBe(0); // shown, not cited
        p.Queries.Find("default|parking")!.RatingHistogram.ShouldBe([0, 0, 0, 1, 0]);
    }

    [Fact]
    public void Given_configured_weights_then_the_score_uses_them()
    {
        var h = new History();
        var r = h.Ask("badge");
        h.Click(r, 1, 1).Abandon(r);
        var p = h.Fold(new FeedbackAggregatesProjection(SignalWeights.Default with { Click = 2, Abandon = -5 }));
        Chunk(p, 1).SignalScore.ShouldBe(2 - 5);
        p.Queries.Find("default|badge")!.Abandons.ShouldBe(1);
    }

    [Fact]
    public void Debiased_ctr_divides_clicks_by_the_expected_examinations()
    {
        var a = new FeedbackAggregate { Clicks = 3 };
        a.ImpressionsByPosition[0] = 4;
        a.ImpressionsByPosition[2] = 10;
        a.DebiasedCtr([1.0, 0.5, 0.2]).ShouldBe(3 / (4 * 1.0 + 10 * 0.2));
        new FeedbackAggregate().DebiasedCtr([1.0]).ShouldBeNull();
    }

    [Fact]
    public void Feedback_on_an_unknown_response_and_replayed_events_change_nothing()
    {
        var h = new History();
        var r = h.Ask("payroll");
        h.Click(r, 1, 1);
        var p = h.Fold(new FeedbackAggregatesProjection(SignalWeights.Default));
        foreach (var e in h.Events) p.Apply(e); // delivered again
        Chunk(p, 1).Clicks.ShouldBe(1);
        Chunk(p, 1).Impressions.ShouldBe(1);

        var orphan = new History();
        orphan.Click(Guid.NewGuid(), 1, 1);
        orphan.Fold(new FeedbackAggregatesProjection(SignalWeights.Default)).Chunks.Count.ShouldBe(0);
    }
}
