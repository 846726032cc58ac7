using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Queries;

/// <summary>The query log: one <see cref="QueryLogEntry"/> per response, with every event of its stream in order.</summary>
public sealed class QueryLogProjection : ReadModel
{
    public const string ProjectionName = "query-log";

    public QueryLogProjection() : base(ProjectionName, 2) => Entries = Rows<QueryLogEntry>("query");

    public RowSet<QueryLogEntry> Entries { get; }

    public override IReadOnlyCollection<Type> EventTypes { get; } =
    [
        typeof(QueryReceived), typeof(ResultsShown), typeof(QueryDegraded), typeof(AnswerGenerated),
        typeof(SourceClicked), typeof(DwellRecorded), typeof(AnswerCopied), typeof(AnswerShared), typeof(ThumbsUpGiven),
        typeof(ThumbsDownGiven), typeof(AnswerRated), typeof(WrongSourceFlagged), typeof(MissingInfoFlagged),
        typeof(SourceSuggested), typeof(QueryReformulated), typeof(QueryAbandoned),
    ];

    public static string KeyOf(string tenant, Guid responseId) => $"{tenant}|{responseId:N}";

    protected override void When(ProjectedEvent e)
    {
        var key = KeyOf(e.Tenant, e.StreamId);
        if (e.Data is QueryReceived q)
        {
            Entries.Put(key, new QueryLogEntry
            {
                Tenant = q.Tenant, ResponseId = q.ResponseId, Query = q.Text, NormalizedQuery = q.NormalizedText, SessionId = q.SessionId, UserHash = q.UserHash,
                AskedAt = q.At, Retriever = q.Model.Retriever, EmbeddingModel = q.Model.EmbeddingModel, Reranker = q.Model.Reranker, Generator = q.Model.Generator,
                Experiment = q.Model.ExperimentId, Variant = q.Model.Variant,
            });
        }
        if (Entries.Find(key) is not { } entry) return;
        Entries.Touch(key);
        entry.Events.Add(new LoggedEvent(e.Sequence, e.Version, EventNames.Of(e.Data), e.Timestamp, e.Actor));
        switch (e.Data)
        {
            case ResultsShown shown:
                entry.Shown = shown.Results.Select(r => new LoggedResult(r.Position, r.ChunkId, r.DocumentId, r.DocumentVersion)).ToList();
                break;
            case QueryDegraded degraded:
                entry.Degraded = degraded.Degradations.Select(d => d.Stage).Distinct().ToList();
                break;
            case AnswerGenerated answer:
                (entry.Answer, entry.Confidence, entry.LatencyMs) = (answer.Answer, answer.Confidence, answer.Latency.TotalMs);
                entry.Cited = answer.Citations.Select(c => c.ChunkId).Distinct().ToList();
                break;
            case SourceClicked click:
                entry.Clicks++;
                entry.FirstClickPosition ??= click.Position;
                break;
            case ThumbsUpGiven: entry.ThumbsUp++; break;
            case ThumbsDownGiven: entry.ThumbsDown++; break;
            case AnswerRated rated: entry.LastRating = rated.Stars; break;
            case QueryAbandoned: entry.Abandoned = true; break;
            case QueryReformulated reformulated: entry.ReformulatedAs = reformulated.FollowUpResponseId; break;
        }
    }
}
