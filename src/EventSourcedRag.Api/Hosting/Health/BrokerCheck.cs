using EventSourcedRag.Infrastructure.Platform.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventSourcedRag.Api.Hosting.Health;

/// <summary>
/// RabbitMQ is reachable. A host that consumes or broadcasts over it is not ready without it; one that does
/// not (an API host with broadcasting off) only reports it as degraded.
/// </summary>
public sealed class BrokerCheck(BrokerProbe probe, bool required) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var reading = await probe.ReadAsync(ct);
        var data = reading.QueueDepths.ToDictionary(q => "queue:" + q.Key, q => (object)q.Value);
        return reading.Reachable ? HealthCheckResult.Healthy("RabbitMQ answered.", data)
            : new HealthCheckResult(required ? HealthStatus.Unhealthy : HealthStatus.Degraded, "RabbitMQ is unreachable (the host's log says why).");
    }
}
