using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.ReadModels;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>Trains and gates a model of the kind asked for, as of a point of the log.</summary>
public sealed class ModelTrainers(RerankerTraining reranker, QueryAdapterTraining adapter, QueryExpansionTraining expansion, PersonalSteeringTraining steering)
{
    public Task<TrainingOutcome> TrainAsync(string kind, string tenant, AsOf asOf, string actor, CancellationToken ct, IBenchmarkSplit? benchmark = null) =>
        kind switch
        {
            ModelKinds.Reranker => reranker.TrainAsync(tenant, asOf, actor, ct, benchmark),
            ModelKinds.QueryAdapter => adapter.TrainAsync(tenant, asOf, actor, ct, benchmark),
            ModelKinds.QueryExpansion => expansion.TrainAsync(tenant, asOf, actor, ct, benchmark),
            ModelKinds.PersonalSteering => steering.TrainAsync(tenant, asOf, actor, ct, benchmark),
            _ => throw new InvalidOperationException($"There is no trainer for models of kind '{kind}'."),
        };
}
