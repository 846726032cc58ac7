namespace EventSourcedRag.Domain.Experiments;

public sealed record StartExperiment(
    Guid ExperimentId, string ModelKind, string? ControlVersion, string TreatmentVersion, string AssignmentUnit, string Salt,
    IReadOnlyList<double> Stages, IReadOnlyDictionary<string, string> Policy, long MinQueriesPerArm, string Reason, DateTimeOffset Now);
