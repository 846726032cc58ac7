using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Serving;

namespace EventSourcedRag.Infrastructure.Tests.Serving;

public class FeedbackPriorsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    private static readonly Guid C = Guid.Parse("cccccccc-0000-0000-0000-000000000003");

    private static Guid Serve(FeedbackPriors priors, string query, params Guid[] shown) => ServedEvents.Serve(priors, query, "u", shown);

    private static void Click(FeedbackPriors priors, Guid response, Guid chunk, int position) => ServedEvents.Click(priors, response, chunk, position);

    [Fact]
    public void Clicks_count_against_examinations_weighted_by_one_over_the_position()
    {
        var priors = new FeedbackPriors();
        for (var i = 0; i < 4; i++)
        {
            var r = Serve(priors, "heat pump", A, B, C);
            if (i < 2) Click(priors, r, B, 2);
        }

        var b = priors.For("t1", "heat pump")(B);
        b.QueryExaminations.ShouldBe(4 * 0.5f);
        b.QueryCtr.ShouldBe(2 / 2f);
        b.ChunkCtr.ShouldBe(1f);
        priors.For("t1", "heat pump")(C).QueryCtr.ShouldBe(0f);
        priors.For("t1", "heat pump")(C).QueryExaminations.ShouldBe(4f / 3, 1e-5);
    }

    [Fact]
    public void Each_question_counts_its_shown_responses_and_those_with_a_chosen_source_once_however_many_clicks()
    {
        var priors = new FeedbackPriors();
        var answered = Serve(priors, "heat pump", A, B, C);
        Click(priors, answered, B, 2);
        Click(priors, answered, C, 3);
        Serve(priors, "heat pump", A, B, C);
        Serve(priors, "boiler", A, B);

        priors.AnswersTo("t1", "heat pump").ShouldBe((2L, 1L));
        priors.AnswersTo("t1", "boiler").ShouldBe((1L, 0L));
        priors.AnswersTo("t1", "never asked").ShouldBe((0L, 0L));
        priors.Reset();
        priors.AnswersTo("t1", "heat pump").ShouldBe((0L, 0L));
    }

    [Fact]
    public void Results_passed_over_for_a_click_below_them_are_counted_as_skipped_once()
    {
        var priors = new FeedbackPriors();
        var r = Serve(priors, "q", A, B, C);
        Click(priors, r, C, 3);
        Click(priors, r, B, 2); // a second click above the first adds no skips

        priors.For("t1", "q")(A).QuerySkips.ShouldBe(1f);
        priors.For("t1", "q")(B).QuerySkips.ShouldBe(1f);
        priors.For("t1", "q")(C).QuerySkips.ShouldBe(0f);
    }

    [Fact]
    public void Priors_are_per_query_and_per_tenant_while_the_chunk_ctr_spans_queries()
    {
        var priors = new FeedbackPriors();
        Click(priors, Serve(priors, "q1", A), A, 1);
        Serve(priors, "q2", A);

        priors.For("t1", "q1")(A).QueryCtr.ShouldBe(1f);
        priors.For("t1", "q2")(A).QueryCtr.ShouldBe(0f);
        priors.For("t1", "q2")(A).ChunkCtr.ShouldBe(0.5f);
        priors.For("t2", "q1")(A).ShouldBe(EventSourcedRag.Retrieval.Ranking.FeedbackPrior.None);
    }

    [Fact]
    public void Feedback_on_a_response_older_than_the_window_is_not_attributed()
    {
        var priors = new FeedbackPriors(responseWindow: 1);
        var old = Serve(priors, "q", A);
        Serve(priors, "other", B);
        Click(priors, old, A, 1);

        priors.For("t1", "q")(A).QueryCtr.ShouldBe(0f);
    }

    [Fact]
    public void A_wrong_source_flag_counts_as_passing_the_result_over() 
    {
        var priors = new FeedbackPriors();
        var r = Serve(priors, "q", A, B);
        priors.Apply("t1", new WrongSourceFlagged(r, "w", A, 1, null, null, At));

        priors.For("t1", "q")(A).QuerySkips.ShouldBe(1f);
    }

    [Fact]
    public void Counts_past_the_bound_forget_those_with_the_least_evidence_first_and_stay_within_it()
    {
        var priors = new FeedbackPriors(maxEntries: 10);
        var clicked = Serve(priors, "popular", A);
        Click(priors, clicked, A, 1);
        for (var i = 0; i < 40; i++) Serve(priors, $"rare {i}", Guid.NewGuid());

        var (byQuery, byChunk) = priors.Size;
        byQuery.ShouldBeLessThanOrEqualTo(10);
        byChunk.ShouldBeLessThanOrEqualTo(10);
        // The one count with a click outlived forty that had none.
        priors.For("t1", "popular")(A).QueryCtr.ShouldBe(1f);
        priors.For("t1", "popular")(A).ChunkCtr.ShouldBe(1f);
    }

    [Fact]
    public void Two_hosts_folding_the_same_events_forget_the_same_counts()
    {
        var (first, second) = (new FeedbackPriors(maxEntries: 8), new FeedbackPriors(maxEntries: 8));
        var chunks = Enumerable.Range(0, 30).Select(i => Guid.Parse($"00000000-0000-0000-0000-{i:D12}")).ToArray();
        foreach (var priors in new[] { first, second })
            for (var i = 0; i < chunks.Length; i++)
            {
                var response = Guid.Parse($"11111111-0000-0000-0000-{i:D12}");
                priors.Apply("t1", new QueryReceived(response, "t1", $"q{i % 3}", $"q{i % 3}", null, "u", new QueryParameters(10, "rrf", QueryFilters.None),
                    new ServingModel("hybrid", "lsa", null, "extractive", null, null), At));
                priors.Apply("t1", new ResultsShown(response, 1, [new ShownResult(1, chunks[i], Guid.Empty, 1, new StageScores(null, null, null, null, 0, null))], At));
            }
        foreach (var chunk in chunks)
            foreach (var query in new[] { "q0", "q1", "q2" })
                first.For("t1", query)(chunk).ShouldBe(second.For("t1", query)(chunk));
    }
}
