namespace EventSourcedRag.Domain.Models;

/// <summary>Record a training run on its model's stream: the inputs that identify it and the artifact it produced.</summary>
/// <param name="Kind">What it ranks with: "reranker" or "query-adapter" (<see cref="ModelKinds"/>).</param>
/// <param name="ParentVersion">The model serving its kind when the training set was exported (null: the untrained default).</param>
/// <param name="AsOfSequence">The event log position the training set was exported as of.</param>
public sealed record RecordTrainedModel(
    string ModelVersion,
    string Kind,
    string? ParentVersion,
    string TrainingSetSha256,
    long AsOfSequence,
    IReadOnlyDictionary<string, string> HyperParameters,
    int Seed,
    string ArtifactSha256,
    double TrainingSeconds,
    DateTimeOffset Now);
