using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Messaging;
using EventSourcedRag.Infrastructure.ReadModels;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Api.Hosting.Health;

/// <summary>PostgreSQL answers a trivial query within two seconds: without it nothing can be acknowledged.</summary>
public sealed class StoreCheck(IOptions<StorageOptions> storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(storage.Value.ConnectionString) { Timeout = 2, CommandTimeout = 2, Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy("PostgreSQL answered.");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The probe answers anyone: the reason (host, port, driver text) goes to the host's log, not the response.
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable (the host's log says why).", ex);
        }
    }
}

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
