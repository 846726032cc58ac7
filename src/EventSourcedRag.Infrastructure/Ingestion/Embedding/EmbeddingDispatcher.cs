using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using JasperFx.Events;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>Turns stored chunkings into messages on the embedding queue, so embedding scales with the workers consuming it.</summary>
public sealed class EmbeddingDispatcher : QueueDispatcher
{
    public const string SubscriptionName = "embedding-dispatch";

    public EmbeddingDispatcher(IBus bus, IOptions<MessagingOptions> options, ILogger<EmbeddingDispatcher> logger) : base(SubscriptionName, bus, options, logger)
    {
        IncludeType<DocumentChunked>();
    }

    protected override string QueueOf(MessagingOptions options) => options.EmbedQueueName;

    protected override object? MessageOf(IEvent e) =>
        e.Data is DocumentChunked chunked ? new DocumentChunkedIntegrationEvent(e.TenantId, (Guid)e.StreamId, chunked.Version, e.Sequence, e.CorrelationId) : null;
}
