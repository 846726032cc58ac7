namespace EventSourcedRag.Projections.Models;

/// <summary>One model version: its lineage, training inputs, gate metrics and where it stands in deployment.</summary>
public sealed class ModelRegistryEntry
{
    public string Tenant { get; set; } = "";
    public string Version { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? ParentVersion { get; set; }
    public string TrainingSetSha256 { get; set; } = "";
    public long AsOfSequence { get; set; }
    public Dictionary<string, string> HyperParameters { get; set; } = [];
    public int Seed { get; set; }
    public string ArtifactSha256 { get; set; } = "";
    public DateTimeOffset TrainedAt { get; set; }
    public Dictionary<string, double> Metrics { get; set; } = [];
    public Dictionary<string, double> BaselineMetrics { get; set; } = [];

    /// <summary>The model the gate compared it with (null: the untrained default).</summary>
    public string? BaselineVersion { get; set; }
    public bool? PassedGate { get; set; }

    /// <summary>trained, rejected, validated, the current deployment stage (e.g. canary-25, serving, retired), or rolled_back.</summary>
    public string State { get; set; } = "trained";
    public double TrafficShare { get; set; }

    /// <summary>Trained on data of a subject erased since: it keeps serving until a model trained without it replaces it.</summary>
    public bool NeedsRetraining { get; set; }
    public List<ModelHistoryEntry> History { get; set; } = [];
}
