namespace EventSourcedRag.Domain.Experiments;

public sealed record StartExperiment(
    Guid ExperimentId, string ModelKind, string? ControlVersion, string TreatmentVersion, string AssignmentUnit, string Salt,
    IReadOnlyList<double> Stages, IReadOnlyDictionary<string, string> Policy, long MinQueriesPerArm, string Reason, DateTimeOffset Now);

/// <summary>Record what the rollout evaluator decided for a window (computed outside: the evaluator is pure, in Learning).</summary>
public sealed record RecordEvaluation(
    Guid ExperimentId, long Window, string Action, string Reason,
    IReadOnlyDictionary<string, double> Statistics, IReadOnlyDictionary<string, double> SequentialPValues, DateTimeOffset Now);

public sealed record ApprovePromotion(Guid ExperimentId, string Reason, DateTimeOffset Now);

/// <summary>End a running experiment by hand (a manual rollback of its treatment): the control serves again.</summary>
public sealed record StopExperiment(Guid ExperimentId, string Reason, DateTimeOffset Now);
