using EventSourcedRag.Infrastructure.Platform.ReadModels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Platform.Observability;

/// <summary>Reads every read model's lag every ten seconds, so the gauge a scrape sees is never older than that.</summary>
public sealed class ProjectionLagSampler(ProjectionStatus status, TimeProvider clock, ILogger<ProjectionLagSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await status.ReadAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Reading projection lag failed: {Error}", ex.Message);
            }
            try { await Task.Delay(Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
