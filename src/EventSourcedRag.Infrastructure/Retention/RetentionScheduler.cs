using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Retention;

/// <summary>Applies the retention policy in the worker every <see cref="RetentionOptions.Interval"/>; the first pass a minute after start.</summary>
public sealed class RetentionScheduler(RetentionJob job, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionScheduler> logger) : BackgroundService
{
    public static readonly EventMetadata Actor = new("default", "system:retention", "retention-schedule");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(wait, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            wait = options.Value.Interval;
            try { await job.ApplyAsync(Actor with { CorrelationId = $"retention-{clock.GetUtcNow():yyyyMMddTHHmmss}" }, null, stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Applying the retention policy failed; the next pass tries again");
            }
        }
    }
}
