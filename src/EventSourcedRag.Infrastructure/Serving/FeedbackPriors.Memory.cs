using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Seen-query memory: per (tenant, normalised question), the chunks its askers chose, so they join that question's
/// candidates even when the first stage no longer finds them. A click on a follow-up question (a reformulation)
/// counts for the question it reformulated too: that is how a document no first stage ranked for the original
/// wording gets remembered for it.
/// </summary>
/// <remarks>
/// Evidence is position-debiased as the priors are: clicks over expected examinations (1 / position), counted from
/// the impression that first earned a click on. One user (or session) adds at most
/// <see cref="SeenQueryMemoryOptions.PerUserCap"/> clicks to one (question, chunk), so one person cannot buy a place;
/// a wrong-source flag takes a click back. Weights halve every <see cref="SeenQueryMemoryOptions.HalfLifeAskings"/>
/// askings of the question: memory follows the question's own traffic, and so does every replica folding the log.
/// </remarks>
public sealed partial class FeedbackPriors
{
    private sealed class Choice
    {
        public double Clicks;
        public double Examinations;
        public double Flags;
        public long Clock;
        public readonly Dictionary<string, int> ByUnit = new(StringComparer.Ordinal);
    }

    private sealed class QueryMemory
    {
        public long Asked;
        public readonly Dictionary<Guid, Choice> Chunks = [];
    }

    private readonly Dictionary<(string Tenant, string Query), QueryMemory> _memory = [];

    public SeenQueryMemoryOptions MemoryOptions { get; } = memory ?? new SeenQueryMemoryOptions();

    /// <summary>The chunks earlier askers of this question chose, strongest first, as this host knows them now.</summary>
    public IReadOnlyList<RememberedChunk> Remembered(string tenant, string normalizedQuery)
    {
        if (!MemoryOptions.Enabled) return [];
        lock (_lock)
        {
            if (!_memory.TryGetValue((tenant, normalizedQuery), out var m)) return [];
            return m.Chunks
                .Select(p => (Chunk: p.Key, Decay: Decay(p.Value, m.Asked), Choice: p.Value))
                .Where(x => x.Choice.Clicks * x.Decay >= MemoryOptions.MinClicks)
                .Select(x => new RememberedChunk(x.Chunk, Math.Round(Score(x.Choice, x.Decay), 6)))
                .Where(r => r.Score > 0)
                .OrderByDescending(r => r.Score).ThenBy(r => r.ChunkId)
                .Take(MemoryOptions.MaxPerQuery)
                .ToList();
        }
    }

    /// <summary>How many questions have a memory now.</summary>
    public int RememberedQueries
    {
        get
        {
            lock (_lock) return _memory.Count;
        }
    }

    // Old evidence weighs less against the smoothing, so a choice nobody repeats drifts back towards no memory.
    private double Score(Choice c, double decay) =>
        Math.Clamp((c.Clicks - c.Flags) * decay / (c.Examinations * decay + MemoryOptions.Smoothing), 0, 1);

    private double Decay(Choice c, long now) => Math.Pow(0.5, (now - c.Clock) / MemoryOptions.HalfLifeAskings);

    private void Asked(string tenant, string query)
    {
        if (_memory.TryGetValue((tenant, query), out var m)) m.Asked++;
    }

    private void RememberShown(Response r)
    {
        if (!_memory.TryGetValue((r.Tenant, r.Query), out var m)) return;
        foreach (var (chunk, position) in r.Shown)
            if (m.Chunks.TryGetValue(chunk, out var c)) Bring(c, m.Asked).Examinations += 1.0 / position;
    }

    private void RememberClick(Response r, Guid chunk)
    {
        r.Clicked.Add(chunk);
        Credit(r, r, chunk);
        if (r.FollowUpOf is { } original) Credit(original, r, chunk);
    }

    private void RememberChain(Response original, Response followUp)
    {
        if (followUp.FollowUpOf is not null || ReferenceEquals(original, followUp)) return;
        followUp.FollowUpOf = original;
        foreach (var chunk in followUp.Clicked) Credit(original, followUp, chunk);
    }

    private void RememberFlag(Response r, Guid chunk)
    {
        if (_memory.TryGetValue((r.Tenant, r.Query), out var m) && m.Chunks.TryGetValue(chunk, out var c)) Bring(c, m.Asked).Flags++;
    }

    // A click on `served`'s results credits the question `asked` (the same response, or the one it reformulated).
    private void Credit(Response asked, Response served, Guid chunk)
    {
        var position = served.Shown.FirstOrDefault(s => s.Chunk == chunk).Position;
        if (position < 1) return;
        var m = Memory(asked.Tenant, asked.Query);
        if (!m.Chunks.TryGetValue(chunk, out var c))
        {
            if (m.Chunks.Count >= 4 * MemoryOptions.MaxPerQuery) Forget(m);
            m.Chunks[chunk] = c = new Choice { Clock = m.Asked, Examinations = 1.0 / position };
        }
        else if (!ReferenceEquals(asked, served)) Bring(c, m.Asked).Examinations += 1.0 / position; // the follow-up's impression
        var used = c.ByUnit.GetValueOrDefault(asked.Unit);
        if (used >= MemoryOptions.PerUserCap) return;
        c.ByUnit[asked.Unit] = used + 1;
        Bring(c, m.Asked).Clicks++;
    }

    private Choice Bring(Choice c, long now)
    {
        var decay = Decay(c, now);
        (c.Clicks, c.Examinations, c.Flags, c.Clock) = (c.Clicks * decay, c.Examinations * decay, c.Flags * decay, now);
        return c;
    }

    private static readonly Comparison<QueryMemory> MemoryEvidence = (a, b) => a.Chunks.Values.Sum(c => c.Clicks).CompareTo(b.Chunks.Values.Sum(c => c.Clicks));

    private static readonly Comparison<(string Tenant, string Query)> MemoryOrder = (a, b) =>
        string.CompareOrdinal(a.Tenant, b.Tenant) is not 0 and var t ? t : string.CompareOrdinal(a.Query, b.Query);

    private QueryMemory Memory(string tenant, string query)
    {
        if (_memory.TryGetValue((tenant, query), out var m)) return m;
        if (_memory.Count >= maxEntries) Evict(_memory, MemoryEvidence, MemoryOrder);
        return _memory[(tenant, query)] = new QueryMemory();
    }

    // The weakest choice goes (decayed clicks, then chunk id), so every replica forgets the same one.
    private void Forget(QueryMemory m)
    {
        var weakest = m.Chunks.OrderBy(p => p.Value.Clicks * Decay(p.Value, m.Asked)).ThenBy(p => p.Key).First().Key;
        m.Chunks.Remove(weakest);
    }
}
