using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Infrastructure.Platform.Resilience;

namespace EventSourcedRag.Api.Hosting.Resilience;

/// <summary>
/// Puts the event store's <see cref="CircuitBreaker"/> in front of the API (/v1): while PostgreSQL is down,
/// requests get 503 store_unavailable at once with Retry-After, and one trial request at a time finds out when
/// it is back. Every /v1 endpoint reads or appends events, so an answered request is evidence the store works.
/// </summary>
public static class StoreCircuit
{
    public const string Dependency = "postgres";

    public static WebApplicationBuilder AddStoreCircuit(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Resilience:Store");
        var threshold = section.GetValue("FailureThreshold", 5);
        var breakFor = TimeSpan.FromSeconds(section.GetValue("BreakSeconds", 5.0));
        builder.Services.AddSingleton(sp => ObservedCircuit.Create(Dependency, TimeProvider.System, threshold, breakFor,
            sp.GetRequiredService<Telemetry>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreCircuit))));
        return builder;
    }

    public static WebApplication UseStoreCircuit(this WebApplication app)
    {
        var breaker = app.Services.GetRequiredService<CircuitBreaker>();
        var telemetry = app.Services.GetRequiredService<Telemetry>();
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/v1"))
            {
                await next(http);
                return;
            }
            if (!breaker.TryPass(out var wait, out var trial))
            {
                Problems.SetRetryAfter(http.Response, wait);
                telemetry.Error("store_unavailable", 503);
                await Problems.WriteAsync(http, 503, "Service unavailable", "store_unavailable",
                    "The event store cannot be reached (circuit open); nothing was stored. Retry later.");
                return;
            }
            try
            {
                await next(http);
            }
            catch (Exception e) when (StoreFailures.Unreachable(e))
            {
                breaker.Failed(trial);
                throw;
            }
            catch
            {
                breaker.Succeeded(trial); // the request failed for its own reasons, with the store reachable
                throw;
            }
            breaker.Succeeded(trial);
        });
        return app;
    }
}
