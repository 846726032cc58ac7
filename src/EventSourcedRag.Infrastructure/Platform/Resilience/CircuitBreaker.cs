namespace EventSourcedRag.Infrastructure.Platform.Resilience;

/// <summary>
/// A circuit breaker in front of a dependency (the event store, a remote generator). Closed: requests pass and
/// <see cref="FailureThreshold"/> failures in a row open it. Open: requests are refused at once for
/// <see cref="BreakFor"/>, so clients get a fast 503 instead of waiting on connection attempts that cannot
/// succeed, and the store is not hammered while it restarts. Then half-open: one trial request passes; its
/// success closes the circuit, its failure opens it again. Thread-safe; time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class CircuitBreaker(TimeProvider clock, int failureThreshold = 5, TimeSpan? breakFor = null)
{
    private readonly Lock _gate = new();
    private CircuitState _state = CircuitState.Closed;
    private int _failures;
    private DateTimeOffset _openedAt;
    private bool _trialRunning;

    public int FailureThreshold { get; } = failureThreshold;
    public TimeSpan BreakFor { get; } = breakFor ?? TimeSpan.FromSeconds(5);

    /// <summary>Times the circuit opened, and closed again.</summary>
    public long Opened { get; private set; }
    public long Closed { get; private set; }

    /// <summary>Raised on every change of state, outside the lock.</summary>
    public event Action<CircuitState>? Changed;

    public CircuitState State
    {
        get { lock (_gate) return Effective(); }
    }

    /// <summary>
    /// Whether a request may go to the dependency now. False with the time until a trial may run; true with
    /// <paramref name="trial"/> set when this request is the half-open circuit's single trial.
    /// </summary>
    public bool TryPass(out TimeSpan retryAfter, out bool trial)
    {
        CircuitState? changed = null;
        bool pass;
        lock (_gate)
        {
            var state = Effective();
            if (state != _state) (_state, changed) = (state, state);
            (retryAfter, trial) = (TimeSpan.Zero, false);
            switch (state)
            {
                case CircuitState.Closed:
                    pass = true;
                    break;
                case CircuitState.HalfOpen when !_trialRunning:
                    (_trialRunning, trial, pass) = (true, true, true);
                    break;
                default:
                    retryAfter = state == CircuitState.Open ? _openedAt + BreakFor - clock.GetUtcNow() : TimeSpan.FromSeconds(1);
                    pass = false;
                    break;
            }
        }
        if (changed is { } c) Changed?.Invoke(c);
        return pass;
    }

    /// <summary>The dependency answered (a request that reached it did not fail because of it).</summary>
    public void Succeeded(bool trial)
    {
        var closed = false;
        lock (_gate)
        {
            _failures = 0;
            if (trial) _trialRunning = false;
            if (_state != CircuitState.Closed && (trial || Effective() == CircuitState.HalfOpen))
            {
                (_state, closed) = (CircuitState.Closed, true);
                Closed++;
            }
        }
        if (closed) Changed?.Invoke(CircuitState.Closed);
    }

    /// <summary>The dependency could not be reached.</summary>
    public void Failed(bool trial)
    {
        var opened = false;
        lock (_gate)
        {
            if (trial) _trialRunning = false;
            _failures++;
            if (trial || (Effective() == CircuitState.Closed && _failures >= FailureThreshold))
            {
                (_state, _openedAt, opened) = (CircuitState.Open, clock.GetUtcNow(), true);
                Opened++;
            }
        }
        if (opened) Changed?.Invoke(CircuitState.Open);
    }

    // An open circuit whose break is over is half-open; TryPass records (and announces) that, reading it changes nothing.
    private CircuitState Effective() =>
        _state == CircuitState.Open && clock.GetUtcNow() - _openedAt >= BreakFor ? CircuitState.HalfOpen : _state;
}
