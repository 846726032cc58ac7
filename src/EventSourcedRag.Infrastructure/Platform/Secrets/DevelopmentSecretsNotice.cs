using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Platform.Secrets;

/// <summary>
/// The one log line that says a Development host runs on this machine's own secrets rather than configured ones,
/// at warning level so the CLI (which shows warnings only) prints it too.
/// </summary>
public sealed class DevelopmentSecretsNotice(string source, ILogger<DevelopmentSecretsNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        logger.LogWarning("Development: secrets not configured, using this machine's development secrets from {Source}; never use them in production (docs/operations.md, \"Secrets\").", source);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
