using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Configuration;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>
/// A Marten subscription (run by the async daemon) that turns stored submissions and revisions into messages
/// on the ingestion queue. Sending happens after the events are committed, never inside the request's
/// transaction; the daemon records its progress, so a crash re-sends at most a few messages, which the
/// worker ignores because its steps are idempotent.
/// </summary>
public sealed class IngestionDispatcher : SubscriptionBase
{
    public const string SubscriptionName = "ingestion-dispatch";
    private readonly IBus _bus;
    private readonly IOptions<MessagingOptions> _options;

    public IngestionDispatcher(IBus bus, IOptions<MessagingOptions> options)
    {
        _bus = bus;
        _options = options;
        Name = SubscriptionName;
        IncludeType<DocumentSubmitted>();
        IncludeType<DocumentRevised>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var endpoint = await _bus.GetSendEndpoint(options.SendAddress(options.IngestQueue));
        foreach (var e in page.Events)
        {
            var version = e.Data switch
            {
                DocumentSubmitted => 1,
                DocumentRevised r => r.Version,
                _ => 0,
            };
            if (version == 0) continue;
            var message = new DocumentAcceptedIntegrationEvent(e.TenantId, (Guid)e.StreamId, version, e.Sequence, e.CorrelationId);
            await endpoint.Send(message, cancellationToken);
        }
        return NullChangeListener.Instance;
    }
}
