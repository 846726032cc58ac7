using MassTransit;

namespace EventSourcedRag.Infrastructure.Ingestion;

/// <summary>Consumes the ingestion queue. Transient failures are retried by MassTransit, then dead-lettered to the _error queue.</summary>
public sealed class DocumentAcceptedConsumer(DocumentProcessor processor) : IConsumer<DocumentAcceptedIntegrationEvent>
{
    public Task Consume(ConsumeContext<DocumentAcceptedIntegrationEvent> context) =>
        processor.ProcessAsync(context.Message, context.CorrelationId?.ToString("N"), context.CancellationToken);
}
