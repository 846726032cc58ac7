using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Serving;

namespace EventSourcedRag.Domain.Experiments;

/// <summary>
/// Decides an experiment's life: start, record each evaluation (once per window), move through the stages, end.
/// Pure: no I/O, no clock; the statistics and the evaluator's verdict come in with the command. <see cref="ModelCommands"/>
/// says what the same decision asks of the models, which <see cref="ModelDecider"/> decides on their own streams in the same transaction.
/// </summary>
public static class ExperimentDecider
{
    public static readonly IReadOnlyList<string> AssignmentUnits = ["user", "session"];
    private static readonly IReadOnlyDictionary<string, double> NoLooks = new Dictionary<string, double>();

    public static ExperimentState Evolve(ExperimentState state, object @event) => (state, @event) switch
    {
        (ExperimentState.NotStarted, ExperimentStarted e) => new ExperimentState.Running(e, 0, e.At, 0, NoLooks, false),
        (ExperimentState.Running r, RolloutStageChanged e) => r with { StageIndex = e.StageIndex, StageStartedAt = e.At, SequentialPValues = NoLooks },
        (ExperimentState.Running r, RolloutEvaluated e) => r with { LastWindow = e.Window, SequentialPValues = e.SequentialPValues },
        (ExperimentState.Running r, PromotionApproved) => r with { PromotionApproved = true },
        (ExperimentState.Running r, ExperimentEnded e) => new ExperimentState.Ended(r.Setup, e.Outcome),
        _ => state,
    };

    public static object[] Decide(object command, ExperimentState state) => (command, state) switch
    {
        (StartExperiment c, ExperimentState.NotStarted) => Start(c),
        (StartExperiment, _) => [], // the same request again: already started
        (RecordEvaluation c, ExperimentState.Running r) => Evaluate(c, r),
        (RecordEvaluation, ExperimentState.Ended) => [], // a late evaluation of a finished experiment
        (ApprovePromotion c, ExperimentState.Running { PromotionApproved: false }) => [new PromotionApproved(c.ExperimentId, c.Reason, c.Now)],
        (ApprovePromotion, ExperimentState.Running) => [],
        (StopExperiment c, ExperimentState.Running) => [new ExperimentEnded(c.ExperimentId, ExperimentOutcomes.Stopped, c.Reason, c.Now)],
        (StopExperiment, ExperimentState.Ended) => [],
        (RecordEvaluation c, _) => throw new StreamNotFound("Experiment", c.ExperimentId),
        (ApprovePromotion c, ExperimentState.NotStarted) => throw new StreamNotFound("Experiment", c.ExperimentId),
        (ApprovePromotion c, _) => throw new DomainRuleViolated("experiment_ended", $"Experiment {c.ExperimentId} has ended."),
        (StopExperiment c, _) => throw new StreamNotFound("Experiment", c.ExperimentId),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };

    private static object[] Start(StartExperiment c)
    {
        if (!ModelKinds.IsKnown(c.ModelKind)) throw new DomainRuleViolated("unknown_model_kind", $"There is no model kind '{c.ModelKind}'.");
        if (!AssignmentUnits.Contains(c.AssignmentUnit))
            throw new DomainRuleViolated("invalid_assignment_unit", $"Assignment is by {string.Join(" or ", AssignmentUnits)}, not '{c.AssignmentUnit}'.");
        if (c.TreatmentVersion == c.ControlVersion) throw new DomainRuleViolated("treatment_is_control", $"Model {c.TreatmentVersion} already serves: there is nothing to compare.");
        if (c.Stages.Count == 0 || c.Stages.Any(s => s is <= 0 or > 1) || c.Stages.Zip(c.Stages.Skip(1)).Any(p => p.Second <= p.First) || c.Stages[^1] != 1.0)
            throw new DomainRuleViolated("invalid_stages", "Stages must rise strictly within (0, 1] and end at 1.");
        if (c.Stages.Count < 2) throw new DomainRuleViolated("invalid_stages", "At least one stage before full traffic is needed.");
        if (string.IsNullOrWhiteSpace(c.Salt)) throw new DomainRuleViolated("invalid_salt", "The assignment salt must not be empty.");
        return
        [
            new ExperimentStarted(c.ExperimentId, c.ModelKind, c.ControlVersion, c.TreatmentVersion, c.AssignmentUnit, c.Salt, c.Stages, c.Policy,
                c.MinQueriesPerArm, c.Reason, c.Now),
            new RolloutStageChanged(c.ExperimentId, 0, c.Stages[0], "experiment started", c.Now),
        ];
    }

    private static object[] Evaluate(RecordEvaluation c, ExperimentState.Running r)
    {
        if (c.Window <= r.LastWindow) return []; // this window was decided already (by another worker, or a retry)
        var evaluated = new RolloutEvaluated(c.ExperimentId, c.Window, r.StageIndex, c.Action, c.Reason, c.Statistics, c.SequentialPValues, c.Now);
        var last = r.Setup.Stages.Count - 1;
        return c.Action switch
        {
            RolloutAction.Wait => [evaluated],
            RolloutAction.Proceed when r.StageIndex + 1 < last => [evaluated, new RolloutStageChanged(c.ExperimentId, r.StageIndex + 1, r.Setup.Stages[r.StageIndex + 1], c.Reason, c.Now)],
            RolloutAction.Proceed => throw new DomainRuleViolated("promotion_needs_decision", "The next stage is full traffic: only a promotion can move there."),
            RolloutAction.Promote =>
            [
                evaluated,
                new RolloutStageChanged(c.ExperimentId, last, 1.0, c.Reason, c.Now),
                new ExperimentEnded(c.ExperimentId, ExperimentOutcomes.Promoted, c.Reason, c.Now),
            ],
            RolloutAction.Rollback => [evaluated, new ExperimentEnded(c.ExperimentId, ExperimentOutcomes.RolledBack, c.Reason, c.Now)],
            RolloutAction.Halt => [evaluated, new ExperimentEnded(c.ExperimentId, ExperimentOutcomes.Halted, c.Reason, c.Now)],
            RolloutAction.Inconclusive => [evaluated, new ExperimentEnded(c.ExperimentId, ExperimentOutcomes.Inconclusive, c.Reason, c.Now)],
            _ => throw new ArgumentException($"Unknown rollout action '{c.Action}'.", nameof(c)),
        };
    }

    /// <summary>What the experiment's new events ask of the tenant's serving stream: its slot taken at the start, freed at the end.</summary>
    public static IReadOnlyList<object> ServingCommands(string tenant, IEnumerable<object> events) =>
        events.Select(e => e switch
        {
            ExperimentStarted s => new OpenExperiment(tenant, s.ExperimentId, s.ModelKind, s.At),
            ExperimentEnded x => (object?)new CloseExperiment(tenant, x.ExperimentId, x.Outcome, x.At),
            _ => null,
        }).OfType<object>().ToList();

    /// <summary>
    /// What the experiment's new events ask of the models, by version, for <see cref="ModelDecider"/> to decide on
    /// their own streams: the treatment's share at each stage, its promotion to serving (the control retired), its
    /// rollback (the control, or the default, serves again) or its withdrawal.
    /// </summary>
    public static IReadOnlyList<(string ModelVersion, object Command)> ModelCommands(ExperimentState before, IEnumerable<object> events)
    {
        var setup = before switch
        {
            ExperimentState.Running r => r.Setup,
            _ => events.OfType<ExperimentStarted>().FirstOrDefault(),
        };
        if (setup is null) return [];
        var result = new List<(string, object)>();
        var (treatment, restored) = (setup.TreatmentVersion, setup.ControlVersion ?? "default");
        foreach (var e in events)
        {
            switch (e)
            {
                case RolloutStageChanged s:
                    result.Add((treatment, new ShiftTraffic(treatment, s.TreatmentShare, $"experiment {setup.ExperimentId}: {s.Reason}", s.At)));
                    if (s.TreatmentShare >= 1.0 && setup.ControlVersion is { } control) result.Add((control, new RetireModel(control, treatment, s.At)));
                    break;
                case ExperimentEnded { Outcome: ExperimentOutcomes.RolledBack or ExperimentOutcomes.Halted or ExperimentOutcomes.Stopped } x:
                    result.Add((treatment, new RollBackModel(treatment, restored, $"experiment {setup.ExperimentId} {x.Outcome}: {x.Reason}",
                        x.Outcome != ExperimentOutcomes.Stopped, x.At)));
                    break;
                case ExperimentEnded { Outcome: ExperimentOutcomes.Inconclusive } x:
                    result.Add((treatment, new WithdrawModel(treatment, $"experiment {setup.ExperimentId} inconclusive: {x.Reason}", x.At)));
                    break;
            }
        }
        return result;
    }
}
