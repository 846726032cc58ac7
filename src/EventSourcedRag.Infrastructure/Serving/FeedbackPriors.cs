using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// The feedback a query is served with: per (tenant, normalised query, chunk) and per (tenant, chunk), how often
/// a result was examined, clicked and passed over. An in-memory projection of the query and feedback events,
/// folded in log order by <see cref="ServingStateFeeder"/>, so every API replica ranks with the same numbers and
/// the numbers a response was ranked with are logged in its <see cref="RankingFeaturesLogged"/>.
/// </summary>
/// <remarks>
/// Examinations use a fixed position-based curve (1 / position) rather than the click model's current estimate,
/// so a logged prior means the same thing in every training set, whenever it was computed. Only the newest
/// <paramref name="responseWindow"/> responses are remembered for attributing late feedback. The counts are bounded
/// too: past <paramref name="maxEntries"/> (query, chunk) or chunk counts, the tenth with the least evidence (fewest
/// clicks, then fewest impressions) is forgotten, ties broken by key, so every replica folding the same log forgets the
/// same counts and keeps ranking alike. The seen-query memory is folded from the same events (FeedbackPriors.Memory.cs).
/// </remarks>
public sealed partial class FeedbackPriors(int responseWindow = 200_000, int maxEntries = 1_000_000, SeenQueryMemoryOptions? memory = null)
{
    public static readonly Type[] EventTypes =
        [typeof(QueryReceived), typeof(ResultsShown), typeof(SourceClicked), typeof(WrongSourceFlagged), typeof(QueryReformulated)];

    private sealed class Counts
    {
        public double Examinations;
        public long Impressions;
        public long Clicks;
        public long Skips;
    }

    private sealed class Response(string tenant, string query, string unit)
    {
        public string Tenant { get; } = tenant;
        public string Query { get; } = query;
        public string Unit { get; } = unit;
        public (Guid Chunk, int Position)[] Shown { get; set; } = [];
        public int DeepestClick { get; set; }
        public List<Guid> Clicked { get; } = [];
        public Response? FollowUpOf { get; set; }
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Query, Guid Chunk), Counts> _byQuery = [];
    private readonly Dictionary<(string Tenant, Guid Chunk), Counts> _byChunk = [];
    private readonly Dictionary<Guid, Response> _responses = [];
    private readonly Queue<Guid> _order = new();

    /// <summary>The prior lookup for one query as this host knows it now.</summary>
    public Func<Guid, FeedbackPrior> For(string tenant, string normalizedQuery) => chunk =>
    {
        lock (_lock)
        {
            var query = _byQuery.GetValueOrDefault((tenant, normalizedQuery, chunk));
            var any = _byChunk.GetValueOrDefault((tenant, chunk));
            return query is null && any is null ? FeedbackPrior.None : new FeedbackPrior(
                query is null ? 0 : (float)(query.Clicks / Math.Max(query.Examinations, 1)),
                (float)(query?.Examinations ?? 0),
                query is null ? 0 : (float)query.Skips / Math.Max(query.Impressions, 1),
                any is null ? 0 : (float)(any.Clicks / Math.Max(any.Examinations, 1)));
        }
    };

    /// <summary>Forgets every count, to be folded again from the log.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _byQuery.Clear();
            _byChunk.Clear();
            _responses.Clear();
            _order.Clear();
            _memory.Clear();
            _answers.Clear();
        }
    }

    public void Apply(string tenant, object @event)
    {
        lock (_lock)
        {
            switch (@event)
            {
                case QueryReceived q:
                    // Anonymous askers are one unit per session, or per response without one, for the per-user cap.
                    _responses[q.ResponseId] = new Response(tenant, q.NormalizedText,
                        !string.IsNullOrEmpty(q.UserHash) ? "u:" + q.UserHash : q.SessionId is { Length: > 0 } s ? "s:" + s : "r:" + q.ResponseId.ToString("N"));
                    _order.Enqueue(q.ResponseId);
                    while (_order.Count > responseWindow) _responses.Remove(_order.Dequeue());
                    Asked(tenant, q.NormalizedText);
                    break;
                case ResultsShown shown when _responses.TryGetValue(shown.ResponseId, out var r):
                    r.Shown = shown.Results.Select(s => (s.ChunkId, s.Position)).ToArray();
                    foreach (var (chunk, position) in r.Shown)
                        foreach (var c in CountsOf(r, chunk))
                        {
                            c.Impressions++;
                            c.Examinations += 1.0 / position;
                        }
                    RememberShown(r);
                    AnswerShown(r);
                    break;
                case SourceClicked click when _responses.TryGetValue(click.ResponseId, out var r):
                    foreach (var c in CountsOf(r, click.ChunkId)) c.Clicks++;
                    // Skip-above: what was shown above this click and not clicked was seen and passed over. Each
                    // impression is counted once, however many clicks come below it.
                    foreach (var (chunk, position) in r.Shown)
                        if (position > r.DeepestClick && position < click.Position && chunk != click.ChunkId) Query(r, chunk).Skips++;
                    r.DeepestClick = Math.Max(r.DeepestClick, click.Position);
                    if (r.Clicked.Count == 0) AnswerChosen(r);
                    RememberClick(r, click.ChunkId);
                    break;
                case WrongSourceFlagged wrong when _responses.TryGetValue(wrong.ResponseId, out var r):
                    Query(r, wrong.ChunkId).Skips++;
                    RememberFlag(r, wrong.ChunkId);
                    break;
                case QueryReformulated chain when _responses.TryGetValue(chain.ResponseId, out var original)
                                                  && _responses.TryGetValue(chain.FollowUpResponseId, out var followUp):
                    RememberChain(original, followUp);
                    break;
            }
        }
    }

    /// <summary>How many counts are held now, per (query, chunk) and per chunk.</summary>
    public (int ByQuery, int ByChunk) Size
    {
        get
        {
            lock (_lock) return (_byQuery.Count, _byChunk.Count);
        }
    }

    private Counts[] CountsOf(Response r, Guid chunk) => [Query(r, chunk), Chunk(r.Tenant, chunk)];

    private Counts Query(Response r, Guid chunk) => Get(_byQuery, (r.Tenant, r.Query, chunk), QueryOrder);

    private Counts Chunk(string tenant, Guid chunk) => Get(_byChunk, (tenant, chunk), ChunkOrder);

    private static readonly Comparison<(string Tenant, string Query, Guid Chunk)> QueryOrder = (a, b) =>
        string.CompareOrdinal(a.Tenant, b.Tenant) is not 0 and var t ? t : string.CompareOrdinal(a.Query, b.Query) is not 0 and var q ? q : a.Chunk.CompareTo(b.Chunk);

    private static readonly Comparison<(string Tenant, Guid Chunk)> ChunkOrder = (a, b) =>
        string.CompareOrdinal(a.Tenant, b.Tenant) is not 0 and var t ? t : a.Chunk.CompareTo(b.Chunk);

    private static readonly Comparison<Counts> CountsEvidence = (a, b) =>
        a.Clicks.CompareTo(b.Clicks) is not 0 and var c ? c : a.Impressions.CompareTo(b.Impressions);

    private Counts Get<TKey>(Dictionary<TKey, Counts> map, TKey key, Comparison<TKey> order) where TKey : notnull
    {
        if (map.TryGetValue(key, out var c)) return c;
        if (map.Count >= maxEntries) Evict(map, CountsEvidence, order);
        return map[key] = new Counts();
    }

    // Amortised: a tenth goes at once, so a sort is paid once per tenth of the bound of new keys. Least evidence
    // first, ties broken by key, so every replica folding the same log forgets the same entries.
    private void Evict<TKey, TValue>(Dictionary<TKey, TValue> map, Comparison<TValue> evidence, Comparison<TKey> order) where TKey : notnull
    {
        var least = map.ToList();
        least.Sort((a, b) => evidence(a.Value, b.Value) is not 0 and var e ? e : order(a.Key, b.Key));
        var excess = map.Count - maxEntries + 1;
        foreach (var (key, _) in least.Take(Math.Max(excess, Math.Max(1, maxEntries / 10)))) map.Remove(key);
    }
}
