using EventSourcedRag.Infrastructure.Platform.ReadModels;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventSourcedRag.Api.Hosting.Health;

/// <summary>
/// How far the read models trail the log. Queries are answered from the in-memory index, not from read models,
/// so a lagging projection degrades (staleness is reported) but does not take the host out of service.
/// </summary>
public sealed class ProjectionLagCheck(ProjectionStatus status, long maxLag) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var states = await status.ReadAsync(ct);
        var data = states.ToDictionary(s => "lag:" + s.Name, s => (object)s.Lag);
        var worst = states.MaxBy(s => s.Lag);
        return worst is null || worst.Lag <= maxLag
            ? HealthCheckResult.Healthy($"Read models are within {maxLag:N0} events of the head.", data)
            : HealthCheckResult.Degraded($"Read model '{worst.Name}' is {worst.Lag:N0} events behind the head (limit {maxLag:N0}).", data: data);
    }
}
