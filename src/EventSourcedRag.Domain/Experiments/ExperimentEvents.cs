using System.Text.Json.Serialization;

namespace EventSourcedRag.Domain.Experiments;

// The experiment stream, one per experiment: how it was set up, every evaluation with the statistics it rested
// on, every stage change and how it ended. Auditors replay it to answer "why did this model reach users, or not?".

/// <summary>An A/B experiment started: the serving model (control) against a validated one (treatment), rolled out in stages.</summary>
/// <param name="ControlVersion">The model serving the kind when it started (null: the untrained default).</param>
/// <param name="AssignmentUnit">"user" or "session": what the salted hash assigns.</param>
/// <param name="Salt">Makes assignment independent between experiments.</param>
/// <param name="Stages">The treatment's traffic share at each stage; the last is 1 (promotion).</param>
/// <param name="Policy">The rollout policy's settings as they were at the start.</param>
/// <param name="MinQueriesPerArm">The power estimate shown before the start: responses per arm to detect the minimum effect.</param>
public sealed record ExperimentStarted(
    Guid ExperimentId, string ModelKind, string? ControlVersion, string TreatmentVersion, string AssignmentUnit, string Salt,
    IReadOnlyList<double> Stages, IReadOnlyDictionary<string, string> Policy, long MinQueriesPerArm, string Reason, DateTimeOffset At);

/// <summary>The treatment's share of traffic changed: a stage began.</summary>
public sealed record RolloutStageChanged(Guid ExperimentId, int StageIndex, double TreatmentShare, string Reason, DateTimeOffset At);

/// <summary>The rollout evaluator looked at the stage's statistics and decided.</summary>
/// <param name="Window">The evaluation window it ran for; each window is decided once, however many workers run the evaluator.</param>
/// <param name="Action">Stored as wait, proceed, promote, rollback, halt or inconclusive.</param>
/// <param name="SequentialPValues">The primary metrics' always-valid p-values after this look (the next look's starting point).</param>
public sealed record RolloutEvaluated(
    Guid ExperimentId, long Window, int StageIndex, [property: JsonConverter(typeof(RolloutActionJson))] RolloutAction Action, string Reason,
    IReadOnlyDictionary<string, double> Statistics, IReadOnlyDictionary<string, double> SequentialPValues, DateTimeOffset At);

/// <summary>An admin allowed promotion to full traffic without significance that the treatment is better.</summary>
public sealed record PromotionApproved(Guid ExperimentId, string Reason, DateTimeOffset At);

/// <summary>The experiment ended.</summary>
/// <param name="Outcome">promoted, rolled_back, halted, inconclusive or stopped.</param>
public sealed record ExperimentEnded(Guid ExperimentId, string Outcome, string Reason, DateTimeOffset At);

public static class ExperimentOutcomes
{
    public const string Promoted = "promoted", RolledBack = "rolled_back", Halted = "halted", Inconclusive = "inconclusive", Stopped = "stopped";
}
