using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Projections.Experiments;
using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.Queries;
using EventSourcedRag.Projections.ReadModels;
using EventSourcedRag.Projections.Training;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>Every read model of the product, created fresh on demand with this deployment's settings.</summary>
public sealed class ReadModelCatalog(IOptions<FeedbackOptions> feedback)
{
    public IReadOnlyList<string> Names { get; } =
    [
        FeedbackAggregatesProjection.ProjectionName, TrainingPairsProjection.ProjectionName,
        QueryLogProjection.ProjectionName, ExperimentStatisticsProjection.ProjectionName, ModelRegistryProjection.ProjectionName,
        ExperimentRegistryProjection.ProjectionName,
    ];

    public SignalWeights Weights => feedback.Value.SignalWeights;

    public ReadModel Create(string name) => name switch
    {
        FeedbackAggregatesProjection.ProjectionName => new FeedbackAggregatesProjection(Weights),
        TrainingPairsProjection.ProjectionName => new TrainingPairsProjection(Weights),
        QueryLogProjection.ProjectionName => new QueryLogProjection(),
        ExperimentStatisticsProjection.ProjectionName => new ExperimentStatisticsProjection(),
        ModelRegistryProjection.ProjectionName => new ModelRegistryProjection(),
        ExperimentRegistryProjection.ProjectionName => new ExperimentRegistryProjection(),
        ServedListsProjection.ProjectionName => new ServedListsProjection(), // fold-only: never live, see its summary
        _ => throw new UnknownReadModel(name, Names),
    };

    public IReadOnlyCollection<Type> AllEventTypes => Names.SelectMany(n => Create(n).EventTypes).Distinct().ToList();
}
