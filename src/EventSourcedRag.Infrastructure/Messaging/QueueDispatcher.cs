using EventSourcedRag.Infrastructure.Configuration;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>
/// A Marten subscription (run by the async daemon) that turns stored events into messages on a queue. Sending
/// happens after the events are committed, never inside the request's transaction; the daemon records its
/// progress, so a crash re-sends at most a few messages, which consumers ignore because their steps are idempotent.
/// </summary>
public abstract class QueueDispatcher : SubscriptionBase
{
    private readonly IBus _bus;
    private readonly IOptions<MessagingOptions> _options;

    protected QueueDispatcher(string name, IBus bus, IOptions<MessagingOptions> options)
    {
        _bus = bus;
        _options = options;
        Name = name;
    }

    protected abstract string QueueOf(MessagingOptions options);

    /// <summary>The message an event becomes, or null for an event of an included type that sends nothing.</summary>
    protected abstract object? MessageOf(IEvent e);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var endpoint = await _bus.GetSendEndpoint(options.SendAddress(QueueOf(options)));
        foreach (var e in page.Events)
            if (MessageOf(e) is { } message)
                await endpoint.Send(message, cancellationToken);
        return NullChangeListener.Instance;
    }
}
