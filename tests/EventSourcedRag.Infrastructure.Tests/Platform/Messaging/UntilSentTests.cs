using EventSourcedRag.Infrastructure.Platform.Messaging;

namespace EventSourcedRag.Infrastructure.Tests.Platform.Messaging;

public class UntilSentTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_send_that_hangs_ignoring_its_token_is_abandoned_and_a_failing_one_retried_until_one_goes_through()
    {
        var attempts = 0;
        var failures = new List<(int Attempt, Type Error)>();
        Task Send(CancellationToken _) => ++attempts switch
        {
            1 => new TaskCompletionSource().Task, // a confirmation that never comes, whatever the token says
            2 => Task.FromException(new InvalidOperationException("channel closed")),
            _ => Task.CompletedTask,
        };

        await UntilSent.RunAsync(Send, Timeout, _ => TimeSpan.Zero, (attempt, ex, _) => failures.Add((attempt, ex.GetType())), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        attempts.ShouldBe(3);
        failures.ShouldBe([(1, typeof(TimeoutException)), (2, typeof(InvalidOperationException))]);
    }

    [Fact]
    public async Task Only_the_callers_token_ends_the_loop_without_a_send()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var attempts = 0;

        await Should.ThrowAsync<OperationCanceledException>(() => UntilSent.RunAsync(_ =>
        {
            attempts++;
            return Task.FromException(new InvalidOperationException("broker unreachable"));
        }, Timeout, _ => TimeSpan.FromMilliseconds(20), (_, _, _) => { }, stop.Token).WaitAsync(TimeSpan.FromSeconds(10)));

        attempts.ShouldBeGreaterThan(1);
    }

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(5, 4_000)]
    [InlineData(8, 30_000)]
    [InlineData(40, 30_000)]
    public void The_back_off_doubles_from_a_quarter_second_to_thirty_seconds(int attempt, int milliseconds) =>
        UntilSent.Backoff(attempt).ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
}
