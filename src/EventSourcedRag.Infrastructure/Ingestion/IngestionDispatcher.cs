using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using JasperFx.Events;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Ingestion;

/// <summary>Turns stored submissions and revisions into messages on the ingestion queue; the worker's steps are idempotent.</summary>
public sealed class IngestionDispatcher : QueueDispatcher
{
    public const string SubscriptionName = "ingestion-dispatch";

    public IngestionDispatcher(IBus bus, IOptions<MessagingOptions> options, ILogger<IngestionDispatcher> logger) : base(SubscriptionName, bus, options, logger)
    {
        IncludeType<DocumentSubmitted>();
        IncludeType<DocumentRevised>();
    }

    protected override string QueueOf(MessagingOptions options) => options.IngestQueue;

    protected override object? MessageOf(IEvent e)
    {
        var version = e.Data switch
        {
            DocumentSubmitted => 1,
            DocumentRevised r => r.Version,
            _ => 0,
        };
        return version == 0 ? null : new DocumentAcceptedIntegrationEvent(e.TenantId, (Guid)e.StreamId, version, e.Sequence, e.CorrelationId);
    }
}
