using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Projections.ReadModels;

/// <summary>
/// What a read model must remember about a response to attribute later feedback: the query, what was shown
/// where, what the answer cited. Kept as rows of each read model that needs it.
/// </summary>
public sealed class ResponseContext
{
    public string Tenant { get; set; } = "";
    public string Query { get; set; } = "";
    public string NormalizedQuery { get; set; } = "";
    public string UserHash { get; set; } = "";
    public string? Experiment { get; set; }
    public string? Variant { get; set; }
    public List<ShownItem> Shown { get; set; } = [];
    public List<Guid> Cited { get; set; } = [];

    public static string KeyOf(Guid responseId) => responseId.ToString("N");

    public static ResponseContext From(QueryReceived e) => new()
    {
        Tenant = e.Tenant, Query = e.Text, NormalizedQuery = e.NormalizedText, UserHash = e.UserHash, Experiment = e.Model.ExperimentId, Variant = e.Model.Variant,
    };

    public void Show(ResultsShown e) => Shown = e.Results.Select(r => new ShownItem(r.ChunkId, r.DocumentId, r.Position)).ToList();

    public void Cite(AnswerGenerated e) => Cited = e.Citations.Select(c => c.ChunkId).Distinct().ToList();

    public ShownItem? Find(Guid chunkId) => Shown.FirstOrDefault(s => s.ChunkId == chunkId);
}
