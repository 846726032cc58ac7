using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Domain.Tests.Queries;

/// <summary>The per-response cap on feedback: counted by the fold, decided with the limit the command carries.</summary>
public class FeedbackCapTests
{
    private static readonly Guid Response = Guid.Parse("33333333-3333-3333-3333-333333333333");
    private static readonly Guid Chunk = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000000");
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly object[] Served =
    [
        new QueryReceived(Response, "acme", "Q?", "q?", null, "u:1", new QueryParameters(5, "rrf", QueryFilters.None),
            new ServingModel("hybrid", "lsa", null, "extractive-v1", null, null), Start),
        new ResultsShown(Response, 10, [new ShownResult(1, Chunk, Guid.Empty, 1, new StageScores(3.2, 1, 0.8, 2, 0.03, null))], Start),
    ];

    private static DeciderSpecification<QueryState?, RecordFeedback> Feedback() => new(QueryDecider.Decide, QueryDecider.Evolve, null);

    private static object[] Clicks(int count, DateTimeOffset at) =>
        Enumerable.Range(0, count).Select(i => (object)new SourceClicked(Response, $"c{at.Ticks}-{i}", Chunk, 1, null, at.AddSeconds(i))).ToArray();

    private static RecordFeedback Click(string key, DateTimeOffset now, int cap = 3) => new(Response, key, new FeedbackSignal.Click(Chunk, 1), null, now, cap);

    [Fact]
    public void Given_the_cap_reached_within_the_window_When_another_signal_arrives_Then_it_is_refused_with_the_time_until_the_window_closes()
    {
        var refused = Feedback().Given([.. Served, .. Clicks(3, Start)]).When(Click("new", Start.AddMinutes(20))).ThenThrows<FeedbackLimitReached>();
        refused.Code.ShouldBe("feedback_limit");
        refused.Scope.ShouldBe("response");
        refused.RetryAfter.ShouldBe(TimeSpan.FromMinutes(40));
    }

    [Fact]
    public void Given_the_cap_reached_When_a_stored_signal_is_retried_Then_it_is_a_duplicate_not_a_refusal() =>
        Feedback().Given([.. Served, .. Clicks(3, Start)]).When(Click($"c{Start.Ticks}-0", Start.AddMinutes(1))).ThenNothing();

    [Fact]
    public void Given_the_cap_reached_in_a_past_window_When_a_signal_arrives_after_it_closed_Then_it_is_stored()
    {
        var later = Start + QueryDecider.FeedbackWindow;
        Feedback().Given([.. Served, .. Clicks(3, Start)]).When(Click("new", later))
            .Then(new SourceClicked(Response, "new", Chunk, 1, null, later));
    }

    [Fact]
    public void Given_a_new_window_opened_by_a_late_signal_When_the_cap_is_reached_in_it_Then_the_count_starts_again()
    {
        var later = Start.AddHours(2);
        Feedback().Given([.. Served, .. Clicks(3, Start), .. Clicks(2, later)]).When(Click("new", later.AddMinutes(1)))
            .Then(new SourceClicked(Response, "new", Chunk, 1, null, later.AddMinutes(1)));
        Feedback().Given([.. Served, .. Clicks(3, Start), .. Clicks(3, later)]).When(Click("new", later.AddMinutes(1))).ThenThrows<FeedbackLimitReached>();
    }

    [Fact]
    public void The_fold_counts_every_signal_and_those_of_the_current_window()
    {
        object[] events = [.. Served, .. Clicks(3, Start), .. Clicks(2, Start.AddHours(5))];
        var state = events.Aggregate((QueryState?)null, QueryDecider.Evolve)!;
        state.Signals.ShouldBe(5);
        state.WindowStart.ShouldBe(Start.AddHours(5));
        state.WindowSignals.ShouldBe(2);
    }
}
