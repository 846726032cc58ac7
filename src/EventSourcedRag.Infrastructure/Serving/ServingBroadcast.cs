using MassTransit;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Tells every API replica that what serves has changed, so a rollback takes effect everywhere within moments.
/// The log stays the truth: a replica that misses the message still applies the change at its next poll.
/// </summary>
public interface IServingBroadcast
{
    Task PublishAsync(ServingChanged change, CancellationToken ct);
}

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

/// <summary>Without a message bus in this process (a command-line tool): replicas apply the change at their next poll.</summary>
public sealed class PollingOnlyServingBroadcast : IServingBroadcast
{
    public Task PublishAsync(ServingChanged change, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Each API replica's subscription: catch up with the log now.</summary>
public sealed class ServingChangedConsumer(ServingStateFeeder feeder) : IConsumer<ServingChanged>
{
    public async Task Consume(ConsumeContext<ServingChanged> context) => await feeder.CatchUpAsync(context.CancellationToken);
}
