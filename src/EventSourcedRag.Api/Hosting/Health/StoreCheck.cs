using EventSourcedRag.Infrastructure.Platform.EventStore;
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
