namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Tells every API replica that what serves has changed, so a rollback takes effect everywhere within moments.
/// The log stays the truth: a replica that misses the message still applies the change at its next poll.
/// </summary>
public interface IServingBroadcast
{
    Task PublishAsync(ServingChanged change, CancellationToken ct);
}
