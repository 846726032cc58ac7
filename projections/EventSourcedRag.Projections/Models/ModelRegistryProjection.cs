using System.Globalization;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Models;

/// <summary>
/// The model registry: every model version with its lineage, metrics and deployment state, and the history that put
/// it there; and per tenant the <see cref="ServingState"/> its deployment states are read from.
/// </summary>
public sealed class ModelRegistryProjection : ReadModel
{
    public const string ProjectionName = "model-registry";

    public ModelRegistryProjection() : base(ProjectionName, 3) => (Models, Serving) = (Rows<ModelRegistryEntry>("model"), Rows<ServingState>("serving"));

    public RowSet<ModelRegistryEntry> Models { get; }

    /// <summary>What serves each tenant, keyed by tenant.</summary>
    public RowSet<ServingState> Serving { get; }

    /// <summary>What serves <paramref name="tenant"/>.</summary>
    public ServingState ServingOf(string tenant) => Serving.Find(tenant) ?? ServingState.Initial;

    public override IReadOnlyCollection<Type> EventTypes { get; } =
        [typeof(ModelTrained), typeof(ModelValidated), typeof(ModelRejected), typeof(ModelDeploymentChanged), typeof(ModelRolledBack), typeof(ModelFlaggedForRetraining)];

    public static string KeyOf(string tenant, string version) => $"{tenant}|{version}";

    protected override void When(ProjectedEvent e)
    {
        var current = ServingOf(e.Tenant);
        var serving = ServingState.Evolve(current, e.Data);
        if (!ReferenceEquals(serving, current)) Serving.Put(e.Tenant, serving);
        // The same inputs trained again are the same model: its entry keeps its verdict and stage, and gains a line of history.
        if (e.Data is ModelTrained trained && Models.Find(KeyOf(e.Tenant, trained.ModelVersion)) is null)
        {
            Models.Put(KeyOf(e.Tenant, trained.ModelVersion), new ModelRegistryEntry
            {
                Tenant = e.Tenant, Version = trained.ModelVersion, Kind = trained.Kind, ParentVersion = trained.ParentVersion,
                TrainingSetSha256 = trained.TrainingSetSha256, AsOfSequence = trained.AsOfSequence, HyperParameters = new(trained.HyperParameters),
                Seed = trained.Seed, ArtifactSha256 = trained.ArtifactSha256, TrainedAt = trained.At,
            });
        }
        var (version, detail) = e.Data switch
        {
            ModelTrained t => (t.ModelVersion, $"trained on {t.TrainingSetSha256[..Math.Min(12, t.TrainingSetSha256.Length)]} as of {t.AsOfSequence}"),
            ModelValidated v => (v.ModelVersion, "passed: " + v.Reason),
            ModelRejected r => (r.ModelVersion, "rejected: " + r.Reason),
            ModelDeploymentChanged d => (d.ModelVersion, string.Create(CultureInfo.InvariantCulture, $"{d.Stage} at {d.TrafficShare:P0}: {d.Reason}")),
            ModelRolledBack r => (r.ModelVersion, $"{(r.Automatic ? "automatic" : "manual")} rollback to {r.RestoredVersion}: {r.Reason}"),
            ModelFlaggedForRetraining f => (f.ModelVersion, f.Reason),
            _ => ("", ""),
        };
        var key = KeyOf(e.Tenant, version);
        if (Models.Find(key) is not { } entry) return;
        Models.Touch(key);
        entry.History.Add(new ModelHistoryEntry(e.Sequence, EventNames.Of(e.Data), e.Timestamp, e.Actor, detail));
        switch (e.Data)
        {
            case ModelValidated v:
                (entry.Metrics, entry.BaselineMetrics, entry.BaselineVersion, entry.PassedGate, entry.State) =
                    (new(v.Metrics), new(v.BaselineMetrics), v.BaselineVersion, true, "validated");
                break;
            case ModelRejected r:
                (entry.Metrics, entry.BaselineMetrics, entry.BaselineVersion, entry.PassedGate, entry.State) =
                    (new(r.Metrics), new(r.BaselineMetrics), r.BaselineVersion, false, "rejected");
                break;
            case ModelFlaggedForRetraining:
                entry.NeedsRetraining = true;
                break;
            case ModelDeploymentChanged d:
                Place(entry, serving);
                break;
            case ModelRolledBack r:
                Place(entry, serving);
                if (Models.Find(KeyOf(e.Tenant, r.RestoredVersion)) is { } restored && Place(restored, serving))
                {
                    restored.History.Add(new ModelHistoryEntry(e.Sequence, "restored", e.Timestamp, e.Actor, $"serves again after {version} was rolled back"));
                    Models.Touch(KeyOf(e.Tenant, restored.Version));
                }
                break;
        }
    }

    // The entry shows the stage the tenant's serving fold gives it; false when that fold does not know the model.
    private static bool Place(ModelRegistryEntry entry, ServingState serving)
    {
        if (serving.Find(entry.Version) is not { Placement: { Stage: { } stage } placement }) return false;
        (entry.State, entry.TrafficShare) = (stage.ToString(), placement.TrafficShare);
        return true;
    }
}
