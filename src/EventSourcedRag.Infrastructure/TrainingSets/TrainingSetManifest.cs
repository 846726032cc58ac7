using EventSourcedRag.Projections.Feedback;

namespace EventSourcedRag.Infrastructure.TrainingSets;

public sealed record TrainingSetManifest(
    string Format,
    AsOfPoint AsOf,
    EventRangeInfo EventRange,
    int Pairs,
    int Responses,
    SortedDictionary<string, int> PositivesBySignal,
    SortedDictionary<string, int> NegativesBySignal,
    IReadOnlyList<ProjectionVersion> Projections,
    int SchemaVersion,
    SignalWeights SignalWeights,
    IReadOnlyList<double> PositionPropensities,
    IReadOnlyList<ExportedFile> Files);
