using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Projections.Training;

/// <summary>
/// Training pairs (query, positive chunk, negative chunk) from the feedback on each response. Positives: a
/// click followed by a long dwell, a copy of a cited source, thumbs up on an answer (its cited chunks), an
/// explicitly suggested source. Negatives: results shown above a click and not clicked (skip-above), the result
/// right below a click when it was not clicked (no-click-next, which gives a click at rank 1 a comparison too),
/// wrong-source flags, the results of abandoned or reformulated queries. A chunk with positive evidence is never a negative in
/// the same response, so a later click withdraws an earlier skip-above pair. Only observed pairs are stored;
/// random negatives are the trainer's business.
/// </summary>
public sealed class TrainingPairsProjection : ReadModel
{
    public const string ProjectionName = "training-pairs";
    private readonly SignalWeights _weights;
    private readonly RowSet<PairEvidence> _responses;

    public TrainingPairsProjection(SignalWeights weights) : base(ProjectionName, 2)
    {
        _weights = weights;
        _responses = Rows<PairEvidence>("response");
        Pairs = Rows<TrainingPair>("pair");
    }

    public RowSet<TrainingPair> Pairs { get; }

    public override IReadOnlyCollection<Type> EventTypes { get; } =
    [
        typeof(QueryReceived), typeof(ResultsShown), typeof(AnswerGenerated), typeof(SourceClicked), typeof(DwellRecorded),
        typeof(AnswerCopied), typeof(ThumbsUpGiven), typeof(WrongSourceFlagged), typeof(SourceSuggested), typeof(QueryReformulated), typeof(QueryAbandoned),
    ];

    public override string Fingerprint => $"{base.Fingerprint}:{RowJson.Serialize(_weights)}";

    protected override void When(ProjectedEvent e)
    {
        switch (e.Data)
        {
            case QueryReceived q:
                _responses.Put(ResponseContext.KeyOf(q.ResponseId), new PairEvidence { ResponseId = q.ResponseId, Context = ResponseContext.From(q) });
                return;
            case ResultsShown shown when Evidence(shown.ResponseId) is { } evidence:
                evidence.Context.Show(shown);
                _responses.Touch(ResponseContext.KeyOf(shown.ResponseId));
                return;
            case AnswerGenerated answer when Evidence(answer.ResponseId) is { } evidence:
                evidence.Context.Cite(answer);
                _responses.Touch(ResponseContext.KeyOf(answer.ResponseId));
                return;
            case IFeedbackEvent feedback when Evidence(feedback.ResponseId) is { } evidence && Signal(feedback) is { } signal:
                evidence.Signals.Add(signal with { EventId = e.EventId, Sequence = e.Sequence });
                _responses.Touch(ResponseContext.KeyOf(feedback.ResponseId));
                Rederive(evidence);
                return;
        }
    }

    private PairEvidence? Evidence(Guid responseId) => _responses.Find(ResponseContext.KeyOf(responseId));

    private RecordedSignal? Signal(IFeedbackEvent feedback) => feedback switch
    {
        SourceClicked c => new RecordedSignal(TrainingSignal.Click, c.ChunkId),
        DwellRecorded { ChunkId: { } chunk } d when d.Seconds >= _weights.LongDwellSeconds => new RecordedSignal(TrainingSignal.LongDwell, chunk),
        AnswerCopied c => new RecordedSignal(TrainingSignal.Copy, c.ChunkId),
        ThumbsUpGiven => new RecordedSignal(TrainingSignal.ThumbsUp, null),
        WrongSourceFlagged w => new RecordedSignal(TrainingSignal.WrongSource, w.ChunkId),
        SourceSuggested s => new RecordedSignal(TrainingSignal.Suggested, s.ChunkId),
        QueryReformulated => new RecordedSignal(TrainingSignal.Reformulated, null),
        QueryAbandoned => new RecordedSignal(TrainingSignal.Abandoned, null),
        _ => null,
    };

    // Pairs are a function of the response's signals: derive them again and store the difference.
    private void Rederive(PairEvidence evidence)
    {
        var context = evidence.Context;
        var (positives, negatives) = Sides(evidence);
        var keys = new List<string>();
        foreach (var (positiveChunk, positive) in positives.OrderBy(p => p.Key))
            foreach (var (negativeChunk, negative) in negatives.OrderBy(n => n.Key))
            {
                if (positiveChunk == negativeChunk) continue;
                var key = TrainingPair.KeyOf(context.Tenant, evidence.ResponseId, positiveChunk, negativeChunk);
                var provenance = positive.Events.Concat(negative.Events).DistinctBy(s => s.EventId).OrderBy(s => s.Sequence).ToList();
                keys.Add(key);
                Pairs.Put(key, new TrainingPair
                {
                    Tenant = context.Tenant, ResponseId = evidence.ResponseId, Query = context.Query, NormalizedQuery = context.NormalizedQuery, UserHash = context.UserHash,
                    PositiveChunk = positiveChunk, PositiveDocument = context.Find(positiveChunk)?.DocumentId, PositivePosition = context.Find(positiveChunk)?.Position,
                    PositiveSignals = positive.Signals, PositiveWeight = positive.Weight,
                    NegativeChunk = negativeChunk, NegativeDocument = context.Find(negativeChunk)?.DocumentId, NegativePosition = context.Find(negativeChunk)?.Position,
                    NegativeSignals = negative.Signals, NegativeWeight = negative.Weight,
                    Provenance = provenance.Select(s => s.EventId).ToList(),
                    FirstSequence = provenance[0].Sequence, LastSequence = provenance[^1].Sequence,
                });
            }
        foreach (var gone in evidence.PairKeys.Except(keys, StringComparer.Ordinal)) Pairs.Delete(gone);
        evidence.PairKeys = keys;
    }

    private (Dictionary<Guid, Side> Positives, Dictionary<Guid, Side> Negatives) Sides(PairEvidence evidence)
    {
        var w = _weights;
        var context = evidence.Context;
        var signals = evidence.Signals;
        var positives = new Dictionary<Guid, Side>();
        var negatives = new Dictionary<Guid, Side>();
        static void Add(Dictionary<Guid, Side> side, Guid chunk, TrainingSignal name, double weight, IEnumerable<RecordedSignal> from)
        {
            if (!side.TryGetValue(chunk, out var s)) side[chunk] = s = new Side();
            if (!s.Signals.Contains(name)) s.Signals.Add(name);
            s.Weight += weight;
            s.Events.AddRange(from);
        }

        var clicks = signals.Where(s => s.Kind == TrainingSignal.Click).ToList();
        foreach (var click in clicks.DistinctBy(c => c.ChunkId))
            if (signals.FirstOrDefault(s => s.Kind == TrainingSignal.LongDwell && s.ChunkId == click.ChunkId) is { } dwell)
                Add(positives, click.ChunkId!.Value, TrainingSignal.ClickWithDwell, w.Click + w.LongDwell, [click, dwell]);
        foreach (var copy in signals.Where(s => s.Kind == TrainingSignal.Copy))
            foreach (var chunk in copy.ChunkId is { } c ? (context.Cited.Contains(c) ? [c] : []) : context.Cited)
                Add(positives, chunk, TrainingSignal.Copy, w.Copy, [copy]);
        foreach (var thumbs in signals.Where(s => s.Kind == TrainingSignal.ThumbsUp))
            foreach (var chunk in context.Cited) Add(positives, chunk, TrainingSignal.ThumbsUp, w.ThumbsUp, [thumbs]);
        foreach (var suggested in signals.Where(s => s.Kind == TrainingSignal.Suggested))
            Add(positives, suggested.ChunkId!.Value, TrainingSignal.SuggestedSource, w.SuggestedSource, [suggested]);

        var clicked = clicks.Select(c => c.ChunkId).ToHashSet();
        foreach (var click in clicks)
            if (context.Find(click.ChunkId!.Value) is { } clickedItem)
                foreach (var above in context.Shown.Where(s => s.Position < clickedItem.Position && !clicked.Contains(s.ChunkId)))
                    Add(negatives, above.ChunkId, TrainingSignal.SkipAbove, -w.Click, [click]);
        foreach (var click in clicks)
            if (context.Find(click.ChunkId!.Value) is { } clickedItem
                && context.Shown.FirstOrDefault(s => s.Position == clickedItem.Position + 1) is { } next && !clicked.Contains(next.ChunkId))
                Add(negatives, next.ChunkId, TrainingSignal.NoClickNext, -w.Click, [click]);
        foreach (var wrong in signals.Where(s => s.Kind == TrainingSignal.WrongSource))
            Add(negatives, wrong.ChunkId!.Value, TrainingSignal.WrongSource, w.WrongSource, [wrong]);
        foreach (var ended in signals.Where(s => s.Kind is TrainingSignal.Abandoned or TrainingSignal.Reformulated))
            foreach (var shown in context.Shown)
                Add(negatives, shown.ChunkId, ended.Kind, ended.Kind == TrainingSignal.Abandoned ? w.Abandon : w.Reformulation, [ended]);

        foreach (var chunk in positives.Keys) negatives.Remove(chunk);
        return (positives, negatives);
    }

    private sealed class Side
    {
        public List<TrainingSignal> Signals { get; } = [];
        public double Weight { get; set; }
        public List<RecordedSignal> Events { get; } = [];
    }
}
