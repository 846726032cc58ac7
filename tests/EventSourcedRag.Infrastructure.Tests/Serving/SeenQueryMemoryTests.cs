using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Serving;

namespace EventSourcedRag.Infrastructure.Tests.Serving;

public class SeenQueryMemoryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    private static readonly Guid C = Guid.Parse("cccccccc-0000-0000-0000-000000000003");

    private static Guid Serve(FeedbackPriors priors, string query, string user, params Guid[] shown) => ServedEvents.Serve(priors, query, user, shown);

    private static void Click(FeedbackPriors priors, Guid response, Guid chunk, int position) => ServedEvents.Click(priors, response, chunk, position);

    [Fact]
    public void A_chosen_chunk_is_remembered_for_the_same_question_only_and_debiased_by_position()
    {
        var priors = new FeedbackPriors();
        Click(priors, Serve(priors, "reset password", "u1", A, B, C), C, 3);

        var remembered = priors.Remembered("t1", "reset password").ShouldHaveSingleItem();
        remembered.ChunkId.ShouldBe(C);
        // One click over the clicked impression's examination (1/3) plus the smoothing (1).
        remembered.Score.ShouldBe(1 / (1 / 3.0 + 1), 1e-6);
        priors.Remembered("t1", "reset password now").ShouldBeEmpty();
        priors.Remembered("t2", "reset password").ShouldBeEmpty();
        priors.Remembered("t1", "reset password").ShouldNotContain(r => r.ChunkId == A || r.ChunkId == B);
    }

    [Fact]
    public void Later_impressions_without_a_click_weaken_a_memory_and_more_clicks_strengthen_it()
    {
        var priors = new FeedbackPriors();
        Click(priors, Serve(priors, "q", "u1", A), A, 1);
        var once = priors.Remembered("t1", "q").Single().Score;

        Serve(priors, "q", "u2", A);
        var ignored = priors.Remembered("t1", "q").Single().Score;
        Click(priors, Serve(priors, "q", "u3", A), A, 1);
        Click(priors, Serve(priors, "q", "u4", A), A, 1);

        ignored.ShouldBeLessThan(once);
        priors.Remembered("t1", "q").Single().Score.ShouldBeGreaterThan(once);
    }

    [Fact]
    public void One_user_clicking_again_and_again_counts_once()
    {
        var lasting = new SeenQueryMemoryOptions { HalfLifeAskings = 1e12 };
        var spammed = new FeedbackPriors(memory: lasting);
        for (var i = 0; i < 50; i++) Click(spammed, Serve(spammed, "q", "spammer", B, A), B, 1);
        var honest = new FeedbackPriors(memory: lasting);
        for (var i = 0; i < 3; i++) Click(honest, Serve(honest, "q", $"user {i}", B, A), B, 1);

        // Fifty impressions, one click that counts: weaker than three users choosing it once each.
        spammed.Remembered("t1", "q").Single().Score.ShouldBe(1 / (50 + 1.0), 1e-6);
        honest.Remembered("t1", "q").Single().Score.ShouldBe(3 / (3 + 1.0), 1e-6);
    }

    [Fact]
    public void Anonymous_askers_are_capped_per_session()
    {
        var priors = new FeedbackPriors(memory: new SeenQueryMemoryOptions { MinClicks = 1.5 });
        foreach (var session in new[] { "s1", "s1", "s1" })
        {
            var response = Guid.NewGuid();
            priors.Apply("t1", new QueryReceived(response, "t1", "q", "q", session, "", new QueryParameters(10, "rrf", QueryFilters.None),
                new ServingModel("hybrid", "lsa", null, "extractive", null, null), At));
            priors.Apply("t1", new ResultsShown(response, 1, [new ShownResult(1, A, Guid.Empty, 1, new StageScores(null, null, null, null, 0, null))], At));
            Click(priors, response, A, 1);
        }

        priors.Remembered("t1", "q").ShouldBeEmpty(); // one session's three clicks are one
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_click_on_a_reformulation_is_remembered_for_the_question_it_reformulated(bool clickFirst)
    {
        var priors = new FeedbackPriors();
        var original = Serve(priors, "cancellation", "u1", A, B);
        var followUp = Serve(priors, "cancel order refund", "u1", C, A);
        var reformulated = new QueryReformulated(original, "r", followUp, null, At);

        if (!clickFirst) priors.Apply("t1", reformulated);
        Click(priors, followUp, C, 1);
        if (clickFirst) priors.Apply("t1", reformulated);

        priors.Remembered("t1", "cancellation").ShouldHaveSingleItem().ChunkId.ShouldBe(C);
        priors.Remembered("t1", "cancel order refund").ShouldHaveSingleItem().ChunkId.ShouldBe(C);
    }

    [Fact]
    public void A_wrong_source_flag_takes_a_click_back()
    {
        var priors = new FeedbackPriors();
        var r = Serve(priors, "q", "u1", A);
        Click(priors, r, A, 1);
        priors.Apply("t1", new WrongSourceFlagged(r, "w", A, 1, null, null, At));

        priors.Remembered("t1", "q").ShouldBeEmpty();
    }

    [Fact]
    public void A_choice_fades_with_the_question_s_own_traffic()
    {
        var priors = new FeedbackPriors(memory: new SeenQueryMemoryOptions { HalfLifeAskings = 4, MinClicks = 0.5 });
        Click(priors, Serve(priors, "q", "u1", A), A, 1);
        for (var i = 0; i < 3; i++) Serve(priors, "other question", "u2", B);
        priors.Remembered("t1", "q").ShouldNotBeEmpty(); // other questions' traffic does not age it

        for (var i = 0; i < 4; i++) Serve(priors, "q", "u2", B);
        priors.Remembered("t1", "q").ShouldNotBeEmpty(); // one half-life of its own askings: half a click, at the bar
        Serve(priors, "q", "u2", B);
        priors.Remembered("t1", "q").ShouldBeEmpty();
    }

    [Fact]
    public void Memory_switched_off_remembers_nothing_while_the_priors_still_count()
    {
        var priors = new FeedbackPriors(memory: new SeenQueryMemoryOptions { Enabled = false });
        Click(priors, Serve(priors, "q", "u1", A), A, 1);

        priors.Remembered("t1", "q").ShouldBeEmpty();
        priors.For("t1", "q")(A).QueryCtr.ShouldBe(1f);
    }

    [Fact]
    public void Reset_forgets_every_memory()
    {
        var priors = new FeedbackPriors();
        Click(priors, Serve(priors, "q", "u1", A), A, 1);
        priors.Reset();

        priors.Remembered("t1", "q").ShouldBeEmpty();
        priors.RememberedQueries.ShouldBe(0);
    }
}
