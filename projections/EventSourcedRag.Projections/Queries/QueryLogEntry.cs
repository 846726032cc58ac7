namespace EventSourcedRag.Projections.Queries;

/// <summary>One response as auditors and the API read it: what was asked, by whom (hashed), what was served by
/// which models, and every later event on it in order.</summary>
public sealed class QueryLogEntry
{
    public string Tenant { get; set; } = "";
    public Guid ResponseId { get; set; }
    public string Query { get; set; } = "";
    public string NormalizedQuery { get; set; } = "";
    public string? SessionId { get; set; }
    public string UserHash { get; set; } = "";
    public DateTimeOffset AskedAt { get; set; }
    public string Retriever { get; set; } = "";
    public string EmbeddingModel { get; set; } = "";
    public string? Reranker { get; set; }
    public string Generator { get; set; } = "";
    public string? Experiment { get; set; }
    public string? Variant { get; set; }
    public List<LoggedResult> Shown { get; set; } = [];

    /// <summary>Stages the response went without (rerank, generate, index), from its QueryDegraded event.</summary>
    public List<string> Degraded { get; set; } = [];
    public string? Answer { get; set; }
    public List<Guid> Cited { get; set; } = [];
    public double? Confidence { get; set; }
    public double? LatencyMs { get; set; }
    public int Clicks { get; set; }
    public int? FirstClickPosition { get; set; }
    public int ThumbsUp { get; set; }
    public int ThumbsDown { get; set; }
    public int? LastRating { get; set; }
    public bool Abandoned { get; set; }
    public Guid? ReformulatedAs { get; set; }
    public List<LoggedEvent> Events { get; set; } = [];
}
