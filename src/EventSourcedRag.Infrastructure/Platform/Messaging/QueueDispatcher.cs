using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Platform.Messaging;

/// <summary>
/// A Marten subscription (run by the async daemon) that turns stored events into messages on a queue. Sending
/// happens after the events are committed, never inside the request's transaction; the daemon records its
/// progress, so a crash re-sends at most a few messages, which consumers ignore because their steps are idempotent.
/// A send that fails or does not finish in time is tried again, with back-off, until it goes through: the
/// subscription never moves past an event whose message was not sent, and never stops for a broker outage.
/// </summary>
public abstract class QueueDispatcher : SubscriptionBase
{
    private readonly IBus _bus;
    private readonly IOptions<MessagingOptions> _options;
    private readonly ILogger _logger;

    protected QueueDispatcher(string name, IBus bus, IOptions<MessagingOptions> options, ILogger logger)
    {
        _bus = bus;
        _options = options;
        _logger = logger;
        Name = name;
    }

    protected abstract string QueueOf(MessagingOptions options);

    /// <summary>The message an event becomes, or null for an event of an included type that sends nothing.</summary>
    protected abstract object? MessageOf(IEvent e);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var address = options.SendAddress(QueueOf(options));
        foreach (var e in page.Events)
            if (MessageOf(e) is { } message)
                await SendAsync(address, message, e.Sequence, options.SendTimeout, cancellationToken);
        return NullChangeListener.Instance;
    }

    // A send can hang for good when RabbitMQ goes away between the publish and its confirmation (seen with the
    // broker restarted under load: the connection came back, the send never returned, and the subscription sat
    // still). The timeout abandons the attempt even if the transport ignores cancellation; the message may then
    // arrive twice, which the consumers' idempotent steps absorb.
    private async Task SendAsync(Uri address, object message, long sequence, TimeSpan timeout, CancellationToken ct)
    {
        var failures = 0;
        await UntilSent.RunAsync(token => SendOnceAsync(address, message, token), timeout, UntilSent.Backoff, (attempt, ex, delay) =>
        {
            failures = attempt;
            _logger.Log(attempt < 10 ? LogLevel.Warning : LogLevel.Error, ex,
                "{Subscription} could not send the message for event {Sequence} (attempt {Attempt}); trying again in {Delay} s",
                Name, sequence, attempt, delay.TotalSeconds);
        }, ct);
        if (failures > 0) _logger.LogInformation("{Subscription} sent the message for event {Sequence} on attempt {Attempt}", Name, sequence, failures + 1);
    }

    private async Task SendOnceAsync(Uri address, object message, CancellationToken ct) =>
        await (await _bus.GetSendEndpoint(address)).Send(message, ct);
}
