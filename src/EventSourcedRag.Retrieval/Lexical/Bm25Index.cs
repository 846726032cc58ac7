using System.Runtime.InteropServices;

namespace EventSourcedRag.Retrieval.Lexical;

/// <summary>
/// An in-memory inverted index scored with Okapi BM25 (Lucene's idf: ln(1 + (N - df + 0.5) / (df + 0.5))).
/// Documents are dense integer slots owned by the caller; removal keeps postings but drops the slot from
/// the statistics and from results, so scores equal an index built from the live documents alone. The owner
/// keeps each slot's terms (it needs them anyway) and hands them back on removal, so the index holds none per slot.
/// Not thread-safe: the owner serialises writes against reads.
/// </summary>
public sealed class Bm25Index(Bm25Parameters parameters)
{
    private readonly Dictionary<string, TermEntry> _terms = new(StringComparer.Ordinal);
    private readonly List<int> _lengths = [];
    private readonly List<bool> _live = [];
    private long _totalLength;

    public Bm25Parameters Parameters { get; } = parameters;
    public int LiveCount { get; private set; }

    public void Add(int slot, IReadOnlyList<string> terms)
    {
        while (_lengths.Count <= slot)
        {
            _lengths.Add(0);
            _live.Add(false);
        }
        if (_live[slot]) throw new InvalidOperationException($"Slot {slot} is live; remove it first.");

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in terms) counts[t] = counts.GetValueOrDefault(t) + 1;
        foreach (var (term, tf) in counts)
        {
            if (!_terms.TryGetValue(term, out var entry)) _terms[term] = entry = new TermEntry();
            entry.Postings.Add(new Posting(slot, (ushort)Math.Min(tf, ushort.MaxValue)));
            entry.DocumentFrequency++;
        }
        _lengths[slot] = terms.Count;
        _live[slot] = true;
        _totalLength += terms.Count;
        LiveCount++;
    }

    /// <summary>Drops a slot; <paramref name="terms"/> are the terms it was added with.</summary>
    public void Remove(int slot, IReadOnlyList<string> terms)
    {
        if (slot >= _live.Count || !_live[slot]) return;
        foreach (var term in terms.Distinct(StringComparer.Ordinal))
        {
            var entry = _terms[term];
            entry.DocumentFrequency--;
            entry.Dead++;
            if (entry.Dead > 16 && entry.Dead * 2 > entry.Postings.Count) entry.Compact(_live, slot);
        }
        _live[slot] = false;
        _totalLength -= _lengths[slot];
        LiveCount--;
    }

    /// <summary>
    /// Gives back what posting lists grown by doubling hold beyond their postings (up to half of each list): called
    /// after a bulk load, when most lists will not grow again soon.
    /// </summary>
    public void TrimExcess()
    {
        foreach (var entry in _terms.Values) entry.Postings.TrimExcess();
        _lengths.TrimExcess();
        _live.TrimExcess();
    }

    /// <summary>How many live documents hold the term.</summary>
    public int DocumentFrequency(string term) => _terms.TryGetValue(term, out var entry) ? entry.DocumentFrequency : 0;

    /// <summary>Lucene's BM25 idf of a term over the live documents; 0 for a term no live document holds.</summary>
    public double Idf(string term) =>
        _terms.TryGetValue(term, out var entry) && entry.DocumentFrequency > 0
            ? Math.Log(1 + (LiveCount - entry.DocumentFrequency + 0.5) / (entry.DocumentFrequency + 0.5))
            : 0;

    /// <summary>The best <paramref name="k"/> live slots for the query terms that pass <paramref name="filter"/>, best first; ties go to the lower slot.</summary>
    public List<(int Slot, double Score)> Search(IReadOnlyList<string> queryTerms, int k, Func<int, bool>? filter = null)
    {
        if (k <= 0) return [];
        var scores = ScoreAccumulator.Start(_lengths.Count);
        Accumulate(queryTerms, scores, filter);
        return scores.Best(k);
    }

    /// <summary>
    /// Adds the BM25 score of every live slot that matches a query term and passes the filter to <paramref name="into"/>
    /// (times <paramref name="boost"/>): per slot, the terms' contributions summed in the order of their first
    /// appearance in the query.
    /// </summary>
    public void Accumulate(IReadOnlyList<string> queryTerms, ScoreAccumulator into, Func<int, bool>? filter = null, double boost = 1.0)
    {
        if (LiveCount == 0) return;
        var avgLength = (double)_totalLength / LiveCount;
        var (k1, b) = (Parameters.K1, Parameters.B);
        var live = CollectionsMarshal.AsSpan(_live);
        var lengths = CollectionsMarshal.AsSpan(_lengths);

        var queryCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in queryTerms) queryCounts[t] = queryCounts.GetValueOrDefault(t) + 1;

        foreach (var (term, qtf) in queryCounts)
        {
            if (!_terms.TryGetValue(term, out var entry) || entry.DocumentFrequency == 0) continue;
            var df = entry.DocumentFrequency;
            var idf = Math.Log(1 + (LiveCount - df + 0.5) / (df + 0.5));
            foreach (var (slot, tf) in CollectionsMarshal.AsSpan(entry.Postings))
            {
                if (!live[slot] || (filter is not null && !filter(slot))) continue;
                var norm = k1 * (1 - b + b * lengths[slot] / avgLength);
                into.Add(slot, boost * qtf * idf * tf * (k1 + 1) / (tf + norm));
            }
        }
    }

    // Six bytes a posting instead of eight: postings are most of what BM25 holds, and no chunk repeats a term 65,535 times.
    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    private readonly record struct Posting(int Slot, ushort Tf);

    private sealed class TermEntry
    {
        public readonly List<Posting> Postings = [];
        public int DocumentFrequency;
        public int Dead;

        public void Compact(List<bool> live, int removing)
        {
            Postings.RemoveAll(p => !live[p.Slot] || p.Slot == removing);
            Dead = 0;
        }
    }
}
