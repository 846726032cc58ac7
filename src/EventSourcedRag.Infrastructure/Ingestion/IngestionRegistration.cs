using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Infrastructure.Ingestion;

public static class IngestionRegistration
{
    /// <summary>The worker's ingestion stages: extracting and chunking a document, then embedding its chunks.</summary>
    public static IServiceCollection AddIngestionStages(this IServiceCollection services, EmbeddingOptions embedding)
    {
        services.AddSingleton<DocumentProcessor>();
        // Merges the chunks of concurrently embedded documents; waits 5 ms for others to join, a fraction of one forward pass.
        services.AddSingleton(_ => new EmbeddingBatcher(embedding.StageBatchChunks, TimeSpan.FromMilliseconds(5)));
        services.AddSingleton<ChunkEmbedder>();
        services.AddSingleton<EmbeddingStage>();
        return services;
    }
}
