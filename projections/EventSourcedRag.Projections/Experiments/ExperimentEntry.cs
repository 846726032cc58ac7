namespace EventSourcedRag.Projections.Experiments;

public sealed class ExperimentEntry
{
    public string Tenant { get; set; } = "";
    public Guid ExperimentId { get; set; }
    public string ModelKind { get; set; } = "";
    public string? ControlVersion { get; set; }
    public string TreatmentVersion { get; set; } = "";
    public string AssignmentUnit { get; set; } = "";
    public List<double> Stages { get; set; } = [];
    public Dictionary<string, string> Policy { get; set; } = [];
    public long MinQueriesPerArm { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string? StartedBy { get; set; }
    public string Reason { get; set; } = "";
    public int StageIndex { get; set; }
    public double TreatmentShare { get; set; }
    public DateTimeOffset StageStartedAt { get; set; }
    public bool PromotionApproved { get; set; }
    public long Evaluations { get; set; }
    public ExperimentHistoryEntry? LastEvaluation { get; set; }

    /// <summary>promoted, rolled_back, halted, inconclusive or stopped; null while running.</summary>
    public string? Outcome { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public List<ExperimentHistoryEntry> History { get; set; } = [];
}
