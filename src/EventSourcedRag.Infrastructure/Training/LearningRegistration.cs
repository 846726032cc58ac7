using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.TrainingSets;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedRag.Infrastructure.Training;

public static class LearningRegistration
{
    /// <summary>
    /// Models' life in every host: stored artifacts, training requests, deployment, experiments and the training-set
    /// export they learn from. The trainers that rank as serving would sit with the search side
    /// (<see cref="Search.SearchRegistration"/>).
    /// </summary>
    public static IServiceCollection AddLearning(this IServiceCollection services)
    {
        services.AddSingleton<ModelArtifactStore>();
        services.AddSingleton<RerankerTraining>();
        services.AddSingleton<ModelDeployment>();
        services.AddSingleton<TrainingRequests>();
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<TrainingSetExporter>();
        return services;
    }
}
