namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>Without a message bus in this process (a command-line tool): replicas apply the change at their next poll.</summary>
public sealed class PollingOnlyServingBroadcast : IServingBroadcast
{
    public Task PublishAsync(ServingChanged change, CancellationToken ct) => Task.CompletedTask;
}
