using System.Globalization;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Experiments;

/// <summary>
/// Every experiment with its setup, where its rollout stands and every decision taken on it, with the reason: the
/// auditor's view of "why did this model reach users, or not", and the evaluator's list of running experiments.
/// </summary>
public sealed class ExperimentRegistryProjection : ReadModel
{
    public const string ProjectionName = "experiments";

    public ExperimentRegistryProjection() : base(ProjectionName, 1) => Experiments = Rows<ExperimentEntry>("experiment");

    public RowSet<ExperimentEntry> Experiments { get; }

    public override IReadOnlyCollection<Type> EventTypes { get; } =
        [typeof(ExperimentStarted), typeof(RolloutStageChanged), typeof(RolloutEvaluated), typeof(PromotionApproved), typeof(ExperimentEnded)];

    public static string KeyOf(string tenant, Guid experimentId) => $"{tenant}|{experimentId:N}";

    public IEnumerable<ExperimentEntry> Running(string? tenant = null) =>
        Experiments.Ordered().Select(p => p.Value).Where(x => x.Outcome is null && (tenant is null || x.Tenant == tenant));

    protected override void When(ProjectedEvent e)
    {
        if (e.Data is ExperimentStarted s)
        {
            Experiments.Put(KeyOf(e.Tenant, s.ExperimentId), new ExperimentEntry
            {
                Tenant = e.Tenant, ExperimentId = s.ExperimentId, ModelKind = s.ModelKind, ControlVersion = s.ControlVersion, TreatmentVersion = s.TreatmentVersion,
                AssignmentUnit = s.AssignmentUnit, Stages = [.. s.Stages], Policy = new(s.Policy), MinQueriesPerArm = s.MinQueriesPerArm,
                StartedAt = s.At, StartedBy = e.Actor, Reason = s.Reason,
            });
        }
        var id = e.Data switch
        {
            ExperimentStarted x => x.ExperimentId,
            RolloutStageChanged x => x.ExperimentId,
            RolloutEvaluated x => x.ExperimentId,
            PromotionApproved x => x.ExperimentId,
            ExperimentEnded x => x.ExperimentId,
            _ => Guid.Empty,
        };
        var key = KeyOf(e.Tenant, id);
        if (Experiments.Find(key) is not { } entry) return;
        Experiments.Touch(key);
        switch (e.Data)
        {
            case RolloutStageChanged x:
                (entry.StageIndex, entry.TreatmentShare, entry.StageStartedAt) = (x.StageIndex, x.TreatmentShare, x.At);
                entry.History.Add(new ExperimentHistoryEntry(e.Sequence, "stage", x.At, e.Actor, x.StageIndex, string.Create(CultureInfo.InvariantCulture, $"{x.TreatmentShare * 100:0.#}%"), x.Reason, null));
                break;
            case RolloutEvaluated x:
                entry.Evaluations++;
                entry.LastEvaluation = new ExperimentHistoryEntry(e.Sequence, "evaluation", x.At, e.Actor, x.StageIndex, RolloutActionNames.Name(x.Action), x.Reason, new(x.Statistics));
                // Waiting is the common case: only decisions that change something, or a new reason, enter the history.
                if (x.Action != RolloutAction.Wait || entry.History.LastOrDefault() is not { Type: "evaluation", Detail: "wait" } last || last.Reason != x.Reason)
                    entry.History.Add(entry.LastEvaluation);
                break;
            case PromotionApproved x:
                entry.PromotionApproved = true;
                entry.History.Add(new ExperimentHistoryEntry(e.Sequence, "promotion_approved", x.At, e.Actor, entry.StageIndex, "approved", x.Reason, null));
                break;
            case ExperimentEnded x:
                (entry.Outcome, entry.EndedAt) = (x.Outcome, x.At);
                entry.History.Add(new ExperimentHistoryEntry(e.Sequence, "ended", x.At, e.Actor, entry.StageIndex, x.Outcome, x.Reason, null));
                break;
        }
    }
}
