using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

public static class ReadModelRegistration
{
    /// <summary>The read-model engine: folding the log as of any point, targets in PostgreSQL, the live models and their status.</summary>
    public static IServiceCollection AddReadModels(this IServiceCollection services)
    {
        services.AddSingleton<ReadModelCatalog>();
        services.AddSingleton<ReadModelStore>();
        services.AddSingleton<EventLogReader>();
        services.AddSingleton<ReadModelRebuilder>();
        services.AddSingleton<IncrementalHeadFold>();
        services.AddSingleton<LiveReadModels>();
        services.AddSingleton<ProjectionStatus>();
        return services;
    }
}
