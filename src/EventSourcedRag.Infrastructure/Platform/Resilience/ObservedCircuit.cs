using EventSourcedRag.Infrastructure.Platform.Observability;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Platform.Resilience;

public static class ObservedCircuit
{
    /// <summary>A circuit breaker whose state is a metric of <paramref name="dependency"/> and whose every change is logged.</summary>
    public static CircuitBreaker Create(string dependency, TimeProvider clock, int failureThreshold, TimeSpan breakFor,
        Telemetry telemetry, ILogger logger)
    {
        var breaker = new CircuitBreaker(clock, failureThreshold, breakFor);
        telemetry.Circuit(dependency, CircuitState.Closed.ToString(), changed: false);
        breaker.Changed += state =>
        {
            telemetry.Circuit(dependency, state.ToString());
            logger.LogWarning("Circuit of {Dependency} {State}", dependency, state);
        };
        return breaker;
    }
}
