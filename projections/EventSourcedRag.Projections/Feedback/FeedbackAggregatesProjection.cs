using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Feedback;

/// <summary>
/// Feedback aggregates per chunk, per document and per normalised query, and the per-position click counts the
/// click model learns propensities from. Attribution: a signal naming a chunk counts for that chunk, its
/// document and the query; a signal about the whole answer (thumbs, share, rating, answer copy, abandonment,
/// reformulation) counts for the query and for every chunk the answer cited.
/// </summary>
public sealed class FeedbackAggregatesProjection : ReadModel
{
    public const string ProjectionName = "feedback-aggregates";
    private readonly SignalWeights _weights;
    private readonly RowSet<ResponseContext> _responses;

    public FeedbackAggregatesProjection(SignalWeights weights) : base(ProjectionName, 1)
    {
        _weights = weights;
        _responses = Rows<ResponseContext>("response");
        Chunks = Rows<FeedbackAggregate>("chunk");
        Documents = Rows<FeedbackAggregate>("document");
        Queries = Rows<FeedbackAggregate>("query");
        ClickStats = Rows<ClickStat>("click_stat");
    }

    public RowSet<FeedbackAggregate> Chunks { get; }
    public RowSet<FeedbackAggregate> Documents { get; }
    public RowSet<FeedbackAggregate> Queries { get; }
    public RowSet<ClickStat> ClickStats { get; }

    public override IReadOnlyCollection<Type> EventTypes { get; } =
    [
        typeof(QueryReceived), typeof(ResultsShown), typeof(AnswerGenerated),
        typeof(SourceClicked), typeof(DwellRecorded), typeof(AnswerCopied), typeof(AnswerShared), typeof(ThumbsUpGiven),
        typeof(ThumbsDownGiven), typeof(AnswerRated), typeof(WrongSourceFlagged), typeof(MissingInfoFlagged),
        typeof(SourceSuggested), typeof(QueryReformulated), typeof(QueryAbandoned),
    ];

    public override string Fingerprint => $"{base.Fingerprint}:{RowJson.Serialize(_weights)}";

    public static string ChunkKey(string tenant, Guid chunkId) => $"{tenant}|{chunkId:N}";
    public static string QueryKey(string tenant, string normalizedQuery) => $"{tenant}|{normalizedQuery}";

    protected override void When(ProjectedEvent e)
    {
        switch (e.Data)
        {
            case QueryReceived q:
                _responses.Put(ResponseContext.KeyOf(q.ResponseId), ResponseContext.From(q));
                return;
            case ResultsShown shown:
                OnShown(e, shown);
                return;
            case AnswerGenerated answer when _responses.Find(ResponseContext.KeyOf(answer.ResponseId)) is { } context:
                context.Cite(answer);
                _responses.Touch(ResponseContext.KeyOf(answer.ResponseId));
                return;
            case IFeedbackEvent feedback when _responses.Find(ResponseContext.KeyOf(feedback.ResponseId)) is { } context:
                OnFeedback(e, context, feedback);
                return;
        }
    }

    private void OnShown(ProjectedEvent e, ResultsShown shown)
    {
        if (_responses.Find(ResponseContext.KeyOf(shown.ResponseId)) is not { } context) return;
        context.Show(shown);
        _responses.Touch(ResponseContext.KeyOf(shown.ResponseId));
        var query = Aggregate(Queries, "query", context.Tenant, context.NormalizedQuery, e);
        query.Responses++;
        foreach (var item in context.Shown)
        {
            foreach (var a in new[] { query, ChunkOf(context, item.ChunkId, e), DocumentOf(context, item.DocumentId, e) })
            {
                a.Impressions++;
                a.ImpressionsByPosition[FeedbackAggregate.Bucket(item.Position)]++;
            }
            Stat(context, item).Impressions++;
        }
    }

    private void OnFeedback(ProjectedEvent e, ResponseContext context, IFeedbackEvent feedback)
    {
        var w = _weights;
        switch (feedback)
        {
            case SourceClicked click:
                Count(e, context, click.ChunkId, w.Click, a =>
                {
                    a.Clicks++;
                    a.ClicksByPosition[FeedbackAggregate.Bucket(click.Position)]++;
                });
                if (context.Find(click.ChunkId) is { } shownItem) Stat(context, shownItem).Clicks++;
                break;
            case DwellRecorded dwell:
                var longDwell = dwell.Seconds >= w.LongDwellSeconds;
                void Dwell(FeedbackAggregate a)
                {
                    a.Dwells++;
                    a.DwellSeconds += dwell.Seconds;
                    if (longDwell) a.LongDwells++;
                }
                if (dwell.ChunkId is { } dwellChunk) Count(e, context, dwellChunk, longDwell ? w.LongDwell : 0, Dwell);
                else Query(e, context, longDwell ? w.LongDwell : 0, Dwell);
                break;
            case AnswerCopied copy when copy.ChunkId is { } copiedChunk:
                Count(e, context, copiedChunk, w.Copy, a => a.Copies++);
                break;
            case AnswerCopied:
                Answer(e, context, w.Copy, a => a.Copies++);
                break;
            case AnswerShared:
                Answer(e, context, w.Share, a => a.Shares++);
                break;
            case ThumbsUpGiven:
                Answer(e, context, w.ThumbsUp, a => a.ThumbsUp++);
                break;
            case ThumbsDownGiven:
                Answer(e, context, w.ThumbsDown, a => a.ThumbsDown++);
                break;
            case AnswerRated rated:
                Answer(e, context, 0, a =>
                {
                    a.Ratings++;
                    a.RatingSum += rated.Stars;
                    a.RatingHistogram[Math.Clamp(rated.Stars, 1, 5) - 1]++;
                });
                break;
            case WrongSourceFlagged wrong:
                Count(e, context, wrong.ChunkId, w.WrongSource, a => a.WrongSourceFlags++);
                break;
            case MissingInfoFlagged:
                Query(e, context, 0, a => a.MissingInfoFlags++);
                break;
            case SourceSuggested suggested:
                Count(e, context, suggested.ChunkId, w.SuggestedSource, a => a.SuggestedAsSource++);
                break;
            case QueryReformulated:
                Answer(e, context, w.Reformulation, a => a.Reformulations++);
                break;
            case QueryAbandoned:
                Answer(e, context, w.Abandon, a => a.Abandons++);
                break;
        }
    }

    // A signal about one chunk: the chunk, its document (when it was shown, so known) and the query.
    private void Count(ProjectedEvent e, ResponseContext context, Guid chunkId, double weight, Action<FeedbackAggregate> change)
    {
        var targets = new List<FeedbackAggregate> { ChunkOf(context, chunkId, e) };
        if (context.Find(chunkId) is { } item) targets.Add(DocumentOf(context, item.DocumentId, e));
        targets.Add(Aggregate(Queries, "query", context.Tenant, context.NormalizedQuery, e));
        foreach (var a in targets)
        {
            change(a);
            a.SignalScore += weight;
        }
    }

    // A signal about the whole answer: the query and every cited chunk (and their documents).
    private void Answer(ProjectedEvent e, ResponseContext context, double weight, Action<FeedbackAggregate> change)
    {
        Query(e, context, weight, change);
        var documents = new HashSet<Guid>();
        foreach (var chunkId in context.Cited)
        {
            var chunk = ChunkOf(context, chunkId, e);
            change(chunk);
            chunk.SignalScore += weight;
            if (context.Find(chunkId) is { } item && documents.Add(item.DocumentId))
            {
                var document = DocumentOf(context, item.DocumentId, e);
                change(document);
                document.SignalScore += weight;
            }
        }
    }

    private void Query(ProjectedEvent e, ResponseContext context, double weight, Action<FeedbackAggregate> change)
    {
        var query = Aggregate(Queries, "query", context.Tenant, context.NormalizedQuery, e);
        change(query);
        query.SignalScore += weight;
    }

    private FeedbackAggregate ChunkOf(ResponseContext context, Guid chunkId, ProjectedEvent e) =>
        Aggregate(Chunks, "chunk", context.Tenant, chunkId.ToString("N"), e);

    private FeedbackAggregate DocumentOf(ResponseContext context, Guid documentId, ProjectedEvent e) =>
        Aggregate(Documents, "document", context.Tenant, documentId.ToString("N"), e);

    private static FeedbackAggregate Aggregate(RowSet<FeedbackAggregate> rows, string scope, string tenant, string subject, ProjectedEvent e)
    {
        var row = rows.Upsert($"{tenant}|{subject}", () => new FeedbackAggregate { Tenant = tenant, Scope = scope, Subject = subject, FirstSequence = e.Sequence });
        row.LastSequence = e.Sequence;
        return row;
    }

    private ClickStat Stat(ResponseContext context, ShownItem item) =>
        ClickStats.Upsert($"{context.Tenant}|{context.NormalizedQuery}|{item.ChunkId:N}|{item.Position}",
            () => new ClickStat { Tenant = context.Tenant, NormalizedQuery = context.NormalizedQuery, ChunkId = item.ChunkId, Position = item.Position });
}
