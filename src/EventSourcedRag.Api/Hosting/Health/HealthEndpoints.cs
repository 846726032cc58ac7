using System.Text.Json;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventSourcedRag.Api.Hosting.Health;

/// <summary>
/// /health/live says the process runs (restart it if not); /health/ready says whether to send it traffic:
/// 200 when healthy or degraded, 503 with every check's finding when PostgreSQL (or a broker it needs) is down.
/// </summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services, IConfiguration configuration, bool brokerRequired)
    {
        var maxLag = configuration.GetValue("Health:MaxProjectionLag", 50_000L);
        services.AddHealthChecks()
            .AddCheck<StoreCheck>("postgresql", tags: [Ready])
            .Add(new HealthCheckRegistration("rabbitmq", sp => new BrokerCheck(sp.GetRequiredService<BrokerProbe>(), brokerRequired), null, [Ready]))
            .Add(new HealthCheckRegistration("projections", sp => ActivatorUtilities.CreateInstance<ProjectionLagCheck>(sp, maxLag), null, [Ready]));
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous().DisableRateLimiting()
            .WithTags("Health").WithSummary("Whether the process runs");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            duration_ms = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                duration_ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data,
            }),
        }, cancellationToken: http.RequestAborted);
    }
}
