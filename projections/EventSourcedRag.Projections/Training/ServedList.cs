using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Projections.Training;

/// <summary>One served result list with the feature rows it was ranked with, as logged at serve time.</summary>
public sealed class ServedList
{
    public string Tenant { get; set; } = "";
    public Guid ResponseId { get; set; }
    public string NormalizedQuery { get; set; } = "";
    public DateTimeOffset AskedAt { get; set; }

    /// <summary>The log position of the feature rows: the time-split of held-out lists orders by it.</summary>
    public long Sequence { get; set; }
    public string? Reranker { get; set; }
    public List<string> FeatureNames { get; set; } = [];
    public List<LoggedFeatures> Rows { get; set; } = [];
}
