using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Retrieval.Diagnostics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;

namespace EventSourcedRag.Api.Hosting;

/// <summary>
/// How the host is watched: JSON logs on the console, metrics for Prometheus at /metrics (the service's own, HTTP
/// requests by endpoint, and .NET meters such as the runtime's and Npgsql's), and traces exported over OTLP when an endpoint is configured.
/// </summary>
public static class Observability
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        // Only a host that serves /metrics keeps the lag gauge fresh; command-line hosts read lag when asked.
        builder.Services.AddHostedService<ProjectionLagSampler>();
        if (builder.Configuration.GetValue("Logging:Json", true))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // OTEL_EXPORTER_OTLP_ENDPOINT is the standard variable; Telemetry:OtlpEndpoint the same in configuration.
        var otlp = builder.Configuration["Telemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("esrag"))
                .WithTracing(t => t
                    .AddSource(Telemetry.SourceName, RetrievalTrace.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                    .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.UseHttpMetrics();
        app.MapMetrics("/metrics").AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
