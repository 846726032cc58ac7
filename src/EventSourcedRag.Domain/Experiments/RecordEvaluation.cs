namespace EventSourcedRag.Domain.Experiments;

/// <summary>Record what the rollout evaluator decided for a window (computed outside: the evaluator is pure, in Learning).</summary>
public sealed record RecordEvaluation(
    Guid ExperimentId, long Window, RolloutAction Action, string Reason,
    IReadOnlyDictionary<string, double> Statistics, IReadOnlyDictionary<string, double> SequentialPValues, DateTimeOffset Now);
