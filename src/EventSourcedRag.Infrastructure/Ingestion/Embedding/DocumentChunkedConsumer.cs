using MassTransit;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>Consumes the embedding queue; competing consumers across worker processes share its messages.</summary>
public sealed class DocumentChunkedConsumer(EmbeddingStage stage) : IConsumer<DocumentChunkedIntegrationEvent>
{
    public Task Consume(ConsumeContext<DocumentChunkedIntegrationEvent> context) =>
        stage.ProcessAsync(context.Message, context.CorrelationId?.ToString("N"), context.CancellationToken);
}
