using MassTransit;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>Over RabbitMQ (publish/subscribe: one temporary queue per replica).</summary>
public sealed class RabbitServingBroadcast(IBus bus, ILogger<RabbitServingBroadcast> logger) : IServingBroadcast
{
    public async Task PublishAsync(ServingChanged change, CancellationToken ct)
    {
        try { await bus.Publish(change, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Broadcasting a serving change failed; replicas apply it at their next poll of the log");
        }
    }
}
