using EventSourcedRag.Infrastructure.Platform.Resilience;

namespace EventSourcedRag.Infrastructure.Tests.Platform.Resilience;

public class CircuitBreakerTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new();

    private CircuitBreaker Given(int failures)
    {
        var breaker = new CircuitBreaker(_clock, failureThreshold: 3, breakFor: TimeSpan.FromSeconds(5));
        for (var i = 0; i < failures; i++)
        {
            breaker.TryPass(out _, out var trial).ShouldBeTrue();
            breaker.Failed(trial);
        }
        return breaker;
    }

    [Fact]
    public void Failures_below_the_threshold_keep_it_closed_and_a_success_resets_the_count()
    {
        var breaker = Given(failures: 2);
        breaker.Succeeded(trial: false);
        breaker.Failed(trial: false);
        breaker.Failed(trial: false);
        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.Opened.ShouldBe(0);
    }

    [Fact]
    public void At_the_threshold_it_opens_and_refuses_with_the_time_left()
    {
        var breaker = Given(failures: 3);
        _clock.Now += TimeSpan.FromSeconds(2);
        breaker.TryPass(out var wait, out _).ShouldBeFalse();
        wait.ShouldBe(TimeSpan.FromSeconds(3));
        breaker.State.ShouldBe(CircuitState.Open);
    }

    [Fact]
    public void After_the_break_one_trial_passes_and_its_success_closes_it()
    {
        var breaker = Given(failures: 3);
        _clock.Now += TimeSpan.FromSeconds(5);
        breaker.TryPass(out _, out var trial).ShouldBeTrue();
        trial.ShouldBeTrue();
        breaker.TryPass(out _, out _).ShouldBeFalse(); // only one trial at a time
        breaker.Succeeded(trial);
        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.TryPass(out _, out var next).ShouldBeTrue();
        next.ShouldBeFalse();
        (breaker.Opened, breaker.Closed).ShouldBe((1L, 1L));
    }

    [Fact]
    public void A_failed_trial_opens_it_for_another_full_break()
    {
        var breaker = Given(failures: 3);
        _clock.Now += TimeSpan.FromSeconds(5);
        breaker.TryPass(out _, out var trial).ShouldBeTrue();
        breaker.Failed(trial);
        breaker.TryPass(out var wait, out _).ShouldBeFalse();
        wait.ShouldBe(TimeSpan.FromSeconds(5));
        breaker.Opened.ShouldBe(2);
    }

    [Fact]
    public void Every_change_of_state_is_announced()
    {
        var breaker = Given(failures: 0);
        var seen = new List<CircuitState>();
        breaker.Changed += seen.Add;
        for (var i = 0; i < 3; i++) breaker.Failed(trial: false);
        _clock.Now += TimeSpan.FromSeconds(6);
        breaker.TryPass(out _, out var trial);
        breaker.Succeeded(trial);
        seen.ShouldBe([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed]);
    }
}
