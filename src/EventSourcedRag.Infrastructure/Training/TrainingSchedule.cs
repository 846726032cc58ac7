using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Requests a training of each model kind per configured tenant once per schedule window. The request id is derived from the tenant
/// and the window, so several workers running the schedule at once store one request, and a restarted worker
/// does not ask twice in the same window.
/// </summary>
public sealed class TrainingSchedule(TrainingRequests requests, IOptions<LearningOptions> options, TimeProvider clock, ILogger<TrainingSchedule> logger)
    : BackgroundService
{
    public static Guid RequestIdOf(string tenant, string kind, long window) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"training-schedule|{tenant}|{kind}|{window}")).AsSpan(0, 16));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ScheduleInterval is not { } interval) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var window = clock.GetUtcNow().ToUnixTimeMilliseconds() / (long)interval.TotalMilliseconds;
            foreach (var tenant in options.Value.ScheduleTenants)
            foreach (var kind in ModelKinds.All)
            {
                try
                {
                    await requests.RequestAsync(RequestIdOf(tenant, kind, window), kind, null, "schedule", $"scheduled every {interval}",
                        new EventMetadata(tenant, "schedule:training", $"schedule-{window}"), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Scheduled {Kind} training request for tenant {Tenant} failed; the next window tries again", kind, tenant);
                }
            }
            var next = DateTimeOffset.FromUnixTimeMilliseconds((window + 1) * (long)interval.TotalMilliseconds);
            var delay = next - clock.GetUtcNow(); // a slow pass may have run past the window's end
            try { if (delay > TimeSpan.Zero) await Task.Delay(delay, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
