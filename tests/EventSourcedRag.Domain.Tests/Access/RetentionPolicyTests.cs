using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Domain.Tests.Access;

public class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(89, false, null)]
    [InlineData(91, false, RetentionPolicy.Queries)]
    [InlineData(91, true, null)]        // drew feedback: training data, kept for the feedback window
    [InlineData(364, true, null)]
    [InlineData(366, true, RetentionPolicy.Feedback)]
    public void Given_a_question_asked_days_ago_When_the_defaults_apply_Then_it_expires_under_its_category(int daysAgo, bool hasFeedback, string? expected) =>
        RetentionPolicy.Expired(Now.AddDays(-daysAgo), hasFeedback, RetentionWindows.Default, Now).ShouldBe(expected);

    [Fact]
    public void Given_a_category_kept_indefinitely_When_any_time_passes_Then_nothing_of_it_expires()
    {
        var windows = RetentionWindows.Default with { Feedback = null };
        RetentionPolicy.Expired(Now.AddYears(-10), hasFeedback: true, windows, Now).ShouldBeNull();
        RetentionPolicy.Expired(Now.AddYears(-10), hasFeedback: false, windows, Now).ShouldBe(RetentionPolicy.Queries);
    }

    [Fact]
    public void Given_windows_When_asking_for_the_earliest_cutoff_Then_it_is_that_of_the_shortest_window_or_none()
    {
        RetentionPolicy.EarliestCutoff(RetentionWindows.Default, Now).ShouldBe(Now.AddDays(-90));
        RetentionPolicy.EarliestCutoff(new RetentionWindows(null, TimeSpan.FromDays(30)), Now).ShouldBe(Now.AddDays(-30));
        RetentionPolicy.EarliestCutoff(new RetentionWindows(null, null), Now).ShouldBeNull();
    }
}
