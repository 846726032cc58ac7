using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Search;

public static class SearchRegistration
{
    /// <summary>
    /// The search side, each host its own index fed from the log: the API answers from it, and the worker trains query
    /// models in its dense space and gates candidates by ranking as they would serve.
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, FeedbackOptions feedback)
    {
        services.AddSingleton(sp => new SearchIndexes(sp.GetRequiredService<IOptions<RetrievalOptions>>(), sp.GetService<IEmbedder>(), sp.GetRequiredService<EncoderLibrary>().For));
        services.AddSingleton<IChunkVectorSource>(sp => sp.GetRequiredService<ChunkVectorStore>());
        services.AddSingleton<IndexSnapshotFile>();
        services.AddSingleton<EventLogIndexFeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<EventLogIndexFeeder>());
        services.AddSingleton(sp => new FeedbackPriors(feedback.PriorResponseWindow, feedback.MaxPriorEntries, feedback.Memory));
        services.AddSingleton<ServingModels>();
        services.AddSingleton<ServingStateFeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<ServingStateFeeder>());
        services.AddSingleton(sp => new QueryPlanner(sp.GetRequiredService<SearchIndexes>(), sp.GetRequiredService<ServingModels>(),
            sp.GetRequiredService<FeedbackPriors>(), sp.GetRequiredService<IReranker>(), sp.GetRequiredService<IOptions<RetrievalOptions>>().Value));
        services.AddSingleton<QueryService>();
        services.AddSingleton<HeldOutReplay>();
        services.AddSingleton<QueryAdapterTraining>();
        services.AddSingleton<QueryExpansionTraining>();
        services.AddSingleton<PersonalSteeringTraining>();
        services.AddSingleton<ModelTrainers>();
        return services;
    }
}
