namespace EventSourcedRag.Infrastructure.Experiments;

/// <summary>What starting an experiment would do, shown before it starts: the arms, the stages and the power estimate.</summary>
/// <param name="BaselineCtr">The control's click-through the estimate starts from (measured, or assumed without traffic).</param>
/// <param name="MinQueriesPerArm">Responses per arm to detect <paramref name="MinDetectableEffect"/> at α 0.05 with 80 % power.</param>
public sealed record ExperimentPlan(
    string ModelKind, string? ControlVersion, string TreatmentVersion, string AssignmentUnit, IReadOnlyList<double> Stages,
    double BaselineCtr, bool BaselineMeasured, double MinDetectableEffect, long MinQueriesPerArm);
