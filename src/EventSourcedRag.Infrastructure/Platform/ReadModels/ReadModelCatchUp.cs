using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>At worker start, brings the live read models up to the head of the log before the daemon's feed takes over.</summary>
public sealed class ReadModelCatchUp(LiveReadModels live, ILogger<ReadModelCatchUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var clock = Stopwatch.StartNew();
                var head = await live.CatchUpAsync(stoppingToken);
                logger.LogInformation("Read models caught up to event {Head} in {Seconds:F1} s", head, clock.Elapsed.TotalSeconds);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Read model catch-up failed (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }
}
