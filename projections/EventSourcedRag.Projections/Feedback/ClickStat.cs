namespace EventSourcedRag.Projections.Feedback;

/// <summary>Impressions and clicks of one chunk at one position for one normalised query: the input of the click model.</summary>
public sealed class ClickStat
{
    public string Tenant { get; set; } = "";
    public string NormalizedQuery { get; set; } = "";
    public Guid ChunkId { get; set; }
    public int Position { get; set; }
    public long Impressions { get; set; }
    public long Clicks { get; set; }
}
