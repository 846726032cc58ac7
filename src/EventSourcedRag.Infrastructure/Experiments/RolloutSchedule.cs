using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Experiments;

/// <summary>
/// Evaluates every running experiment once per interval in the worker. The window is the interval's number since
/// the epoch, and the experiment stream records one decision per window, so several workers running this at once
/// make one decision between them.
/// </summary>
public sealed class RolloutSchedule(ExperimentService experiments, IOptions<ExperimentOptions> options, TimeProvider clock, ILogger<RolloutSchedule> logger)
    : BackgroundService
{
    public static long WindowOf(DateTimeOffset at, TimeSpan interval) => at.ToUnixTimeMilliseconds() / (long)interval.TotalMilliseconds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EvaluationInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var window = WindowOf(clock.GetUtcNow(), interval);
            try
            {
                foreach (var experiment in (await experiments.RegistryAsync(stoppingToken)).Running())
                {
                    var metadata = new EventMetadata(experiment.Tenant, "worker:rollout", $"rollout-{experiment.ExperimentId:N}-{window}");
                    try
                    {
                        if (await experiments.EvaluateAsync(experiment.Tenant, experiment.ExperimentId, window, metadata, stoppingToken) is { } decision)
                            logger.LogInformation("Experiment {Experiment}: {Action} ({Reason})", experiment.ExperimentId, decision.Action, decision.Reason);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogWarning(ex, "Evaluating experiment {Experiment} failed; the next window tries again", experiment.ExperimentId);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Listing running experiments failed; the next window tries again");
            }
            var next = DateTimeOffset.FromUnixTimeMilliseconds((window + 1) * (long)interval.TotalMilliseconds);
            var delay = next - clock.GetUtcNow(); // a slow pass may have run past the window's end
            try { if (delay > TimeSpan.Zero) await Task.Delay(delay, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
