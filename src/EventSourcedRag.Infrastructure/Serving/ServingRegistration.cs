using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Encoders;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Generation;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Serving;

public static class ServingRegistration
{
    /// <summary>
    /// What serving is made of, for every host: the API and the worker serve and gate with it, and an auditor's replay
    /// (any host, the CLI too) recomputes past answers with it.
    /// </summary>
    public static IServiceCollection AddServingStages(this IServiceCollection services, IConfiguration configuration, EmbeddingOptions embedding,
        GeneratorOptions generator, RetrievalOptions retrieval, bool drivesEncoderSwitch)
    {
        services.AddEmbeddings(embedding);
        services.AddEncoderSwitch(configuration, drives: drivesEncoderSwitch);
        services.AddAnswerGenerator(generator);
        services.AddSingleton<ChunkVectorStore>();
        services.AddSingleton<IReranker>(_ => retrieval.RerankerWeights is { Count: > 0 } weights
            ? new LinearReranker(weights)
            : new LinearReranker(LinearReranker.DefaultWeights));
        services.AddSingleton(sp => new QueryReplay(sp.GetRequiredService<EventLogReader>(), sp.GetRequiredService<ReadModelRebuilder>(),
            sp.GetRequiredService<EventSessions>(), sp.GetRequiredService<PersonalData>(),
            sp.GetRequiredService<ModelArtifactStore>(), sp.GetRequiredService<SubjectKeys>(), sp.GetRequiredService<IReranker>(), sp.GetRequiredService<AnswerStage>(),
            sp.GetRequiredService<IOptions<RetrievalOptions>>(), sp.GetRequiredService<IOptions<FeedbackOptions>>(), sp.GetService<IEmbedder>(),
            sp.GetRequiredService<ChunkVectorStore>(), sp.GetRequiredService<EncoderLibrary>()));
        return services;
    }
}
