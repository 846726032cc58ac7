namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// Approximate nearest-neighbour search by a hierarchical navigable small-world graph (Malkov and Yashunin 2018)
/// over <see cref="QuantizedVectors"/>, by inner product of unit vectors. Levels come from a seeded generator,
/// so the same insertions in the same order build the same graph. Removal leaves a tombstone that search walks
/// through but never returns. Not thread-safe: the owner serialises writes against reads.
/// </summary>
public sealed partial class HnswIndex : IVectorIndex
{
    private QuantizedVectors _vectors;
    private readonly HnswParameters _p;
    private readonly Random _random;
    private readonly double _levelFactor;
    private readonly List<int[][]?> _links = []; // slot → level → neighbour slots
    private int _entry = -1;
    private int _topLevel = -1;
    private long _levelDraws; // how many levels were drawn, so a reloaded graph continues the same random sequence

    public HnswIndex(int dimensions, HnswParameters parameters)
    {
        _vectors = new QuantizedVectors(dimensions);
        _p = parameters;
        _random = new Random(parameters.Seed);
        _levelFactor = 1 / Math.Log(parameters.M);
    }

    public int Count { get; private set; }
    public int Dimensions => _vectors.Dimensions;

    /// <summary>Approximate bytes per indexed vector: quantised codes plus the level-0 and upper links.</summary>
    public int BytesPerVector => _vectors.BytesPerVector + 2 * _p.M * sizeof(int) + sizeof(int) * 4;

    /// <summary>Indexes a vector under a slot never used before (the owning collection never reuses slots).</summary>
    public void Set(int slot, float[] vector) => Add(slot, vector);

    public List<(int Slot, double Score)> Search(float[] query, int k, Func<int, bool>? filter = null) => Search(query, k, filter, null);

    public void Add(int slot, float[] vector)
    {
        var level = Admit(slot, vector);
        var links = _links[slot]!;
        if (_entry < 0)
        {
            (_entry, _topLevel) = (slot, level);
            return;
        }
        // Linking at one level never changes what the search finds below it (that walks the lower level's links,
        // which the new node has none of yet), so searching every level first builds the same graph.
        var found = Candidates(vector, level, _entry, _topLevel);
        for (var l = found.Length - 1; l >= 0; l--)
        {
            var chosen = SelectNeighbours(found[l], _p.M);
            links[l] = chosen.Select(c => c.Slot).ToArray();
            foreach (var (neighbour, _) in chosen) Connect(neighbour, slot, l);
        }
        if (level > _topLevel) (_entry, _topLevel) = (slot, level);
    }

    /// <summary>
    /// Inserts in batches that grow with the graph (up to <see cref="MaxBatch"/>). Each member of a batch searches
    /// the graph as it was when the batch began, in parallel; its links are then chosen from what it found plus
    /// every earlier member of its batch, and the reverse links are applied per neighbour in insertion order. No
    /// step depends on thread timing, so the same insertions build the same graph, as replays need.
    /// </summary>
    public void SetMany(IReadOnlyList<int> slots, IReadOnlyList<float[]> vectors)
    {
        if (slots.Count != vectors.Count) throw new ArgumentException("One vector per slot.", nameof(vectors));
        for (var i = 0; i < slots.Count;)
        {
            var size = Math.Min(slots.Count - i, _entry < 0 ? 1 : Math.Clamp(Count / BatchFraction, 1, MaxBatch));
            if (size == 1) Add(slots[i], vectors[i]);
            else AddBatch(slots, vectors, i, size);
            i += size;
        }
    }

    // A batch is at most 1/16 of the graph it searches, so a member misses little by not seeing its batch mates
    // during the search, and what it misses it gets back from the exhaustive comparison with earlier mates.
    private const int BatchFraction = 16;
    private const int MaxBatch = 512;

    private void AddBatch(IReadOnlyList<int> slots, IReadOnlyList<float[]> vectors, int from, int size)
    {
        var members = new int[size];
        var levels = new int[size];
        for (var b = 0; b < size; b++) (members[b], levels[b]) = (slots[from + b], Admit(slots[from + b], vectors[from + b]));
        var (entry, top) = (_entry, _topLevel);

        // Choosing a member's links reads vectors only, never links, so every member is chosen in parallel.
        var chosen = new int[size][][];
        Parallel.For(0, size, b =>
        {
            var found = Candidates(vectors[from + b], levels[b], entry, top);
            var mine = new int[levels[b] + 1][];
            for (var l = levels[b]; l >= 0; l--)
            {
                var pool = l < found.Length ? new List<(int Slot, float Score)>(found[l]) : [];
                for (var e = 0; e < b; e++)
                    if (levels[e] >= l) pool.Add((members[e], _vectors.Dot(members[b], members[e])));
                pool.Sort(static (x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Slot.CompareTo(y.Slot));
                mine[l] = SelectNeighbours(pool, _p.M).Select(c => c.Slot).ToArray();
            }
            chosen[b] = mine;
        });

        // Reverse links: each neighbour's list receives its new links in insertion order, lists in parallel.
        var incoming = new Dictionary<(int Slot, int Level), List<int>>();
        for (var b = 0; b < size; b++)
            for (var l = levels[b]; l >= 0; l--)
            {
                _links[members[b]]![l] = chosen[b][l];
                foreach (var n in chosen[b][l])
                {
                    if (!incoming.TryGetValue((n, l), out var list)) incoming[(n, l)] = list = [];
                    list.Add(members[b]);
                }
            }
        Parallel.ForEach(incoming, pair =>
        {
            foreach (var to in pair.Value) Connect(pair.Key.Slot, to, pair.Key.Level);
        });
        for (var b = 0; b < size; b++)
            if (levels[b] > _topLevel) (_entry, _topLevel) = (members[b], levels[b]);
    }

    /// <summary>Per level up to the node's own, the nearest nodes a search from the given entry finds (best first).</summary>
    private List<(int Slot, float Score)>[] Candidates(float[] query, int level, int entry, int top)
    {
        var found = new List<(int Slot, float Score)>[Math.Min(level, top) + 1];
        var current = entry;
        for (var l = top; l > level; l--) current = Greedy(query, current, l);
        for (var l = found.Length - 1; l >= 0; l--)
        {
            found[l] = SearchLayer(query, [current], _p.EfConstruction, l, null);
            current = found[l][0].Slot;
        }
        return found;
    }

    /// <summary>Stores a new node's vector and draws its level; it has no links yet. Returns the level.</summary>
    private int Admit(int slot, float[] vector)
    {
        if (_vectors.Has(slot)) throw new InvalidOperationException($"Slot {slot} is already indexed.");
        while (_links.Count <= slot) _links.Add(null);
        if (_links[slot] is not null) throw new InvalidOperationException($"Slot {slot} was indexed before; use a new slot.");
        _vectors.Set(slot, vector);
        var level = (int)Math.Floor(-Math.Log(1 - _random.NextDouble()) * _levelFactor);
        _levelDraws++;
        var links = new int[level + 1][];
        for (var l = 0; l <= level; l++) links[l] = [];
        _links[slot] = links;
        Count++;
        return level;
    }

    public void Remove(int slot)
    {
        if (!_vectors.Has(slot)) return;
        _vectors.Remove(slot);
        Count--;
        // The node stays in the graph as a waypoint; it is never returned. If it was the entry, pick a live one.
        if (slot == _entry && Count == 0) (_entry, _topLevel) = (-1, -1);
    }

    /// <summary>The k most similar live slots that pass the filter, best first (similarity = approximate cosine).</summary>
    public List<(int Slot, double Score)> Search(float[] vector, int k, Func<int, bool>? filter, int? ef)
    {
        if (_entry < 0 || Count == 0 || k <= 0) return [];
        var query = vector;
        var current = _entry;
        for (var l = _topLevel; l > 0; l--) current = Greedy(query, current, l);
        var found = SearchLayer(query, [current], Math.Max(ef ?? _p.EfSearch, k), 0, slot => _vectors.Has(slot) && (filter is null || filter(slot)));
        return found.Take(k).Select(f => (f.Slot, (double)f.Score)).ToList();
    }

    private int Greedy(float[] query, int start, int level)
    {
        var best = start;
        var bestScore = _vectors.Has(start) ? _vectors.Dot(query, start) : float.NegativeInfinity;
        for (var improved = true; improved;)
        {
            improved = false;
            foreach (var n in Neighbours(best, level))
            {
                if (!_vectors.Has(n)) continue;
                var s = _vectors.Dot(query, n);
                if (s > bestScore) (best, bestScore, improved) = (n, s, true);
            }
        }
        return best;
    }

    /// <summary>Best-first search of one layer; only slots passing <paramref name="accept"/> enter the results, but all are walked.</summary>
    private List<(int Slot, float Score)> SearchLayer(float[] query, int[] starts, int ef, int level, Func<int, bool>? accept)
    {
        var visited = Visited.Start(_links.Count);
        foreach (var s in starts) visited.Add(s);
        var candidates = new PriorityQueue<int, float>(); // max-first via negated score
        var results = new PriorityQueue<(int Slot, float Score), (float, int)>(); // worst first
        foreach (var s in starts)
        {
            var score = Score(query, s);
            candidates.Enqueue(s, -score);
            if (accept is null || accept(s)) results.Enqueue((s, score), (score, -s));
        }
        while (candidates.TryDequeue(out var c, out var negScore))
        {
            if (results.Count >= ef && -negScore < results.Peek().Score) break;
            foreach (var n in Neighbours(c, level))
            {
                if (!visited.Add(n)) continue;
                var score = Score(query, n);
                if (results.Count < ef || score > results.Peek().Score)
                {
                    candidates.Enqueue(n, -score);
                    if (accept is null || accept(n))
                    {
                        results.Enqueue((n, score), (score, -n));
                        if (results.Count > ef) results.Dequeue();
                    }
                }
            }
        }
        var list = new List<(int Slot, float Score)>(results.Count);
        while (results.Count > 0) list.Add(results.Dequeue());
        list.Reverse();
        return list;
    }

    // Tombstoned nodes keep their codes out of the store; they are walked at the worst score so search passes through.
    private float Score(float[] query, int slot) => _vectors.Has(slot) ? _vectors.Dot(query, slot) : -1f;

    // An array, not an interface: a graph walk enumerates neighbours millions of times, and an interface's
    // enumerator is an allocation and a virtual call per element.
    private int[] Neighbours(int slot, int level) =>
        _links[slot] is { } levels && level < levels.Length ? levels[level] : NoLinks;

    private static readonly int[] NoLinks = [];

    /// <summary>The paper's heuristic: keep a candidate only if it is closer to the query than to every neighbour kept.</summary>
    private List<(int Slot, float Score)> SelectNeighbours(List<(int Slot, float Score)> candidates, int m)
    {
        var kept = new List<(int Slot, float Score)>(m);
        foreach (var c in candidates)
        {
            if (kept.Count >= m) break;
            if (!_vectors.Has(c.Slot)) continue;
            var diverse = true;
            foreach (var k in kept)
                if (_vectors.Dot(c.Slot, k.Slot) > c.Score) { diverse = false; break; }
            if (diverse) kept.Add(c);
        }
        // Fill up with the closest remaining so sparse regions still get m links.
        foreach (var c in candidates)
        {
            if (kept.Count >= m) break;
            if (_vectors.Has(c.Slot) && !kept.Contains(c)) kept.Add(c);
        }
        return kept;
    }

    private void Connect(int from, int to, int level)
    {
        var levels = _links[from]!;
        if (level >= levels.Length) return;
        var max = level == 0 ? 2 * _p.M : _p.M;
        var list = levels[level];
        if (list.Length < max)
        {
            levels[level] = [.. list, to];
            return;
        }
        var scored = new List<(int Slot, float Score)>(list.Length + 1);
        foreach (var n in list)
            if (_vectors.Has(n)) scored.Add((n, _vectors.Dot(from, n)));
        if (_vectors.Has(to)) scored.Add((to, _vectors.Dot(from, to)));
        scored.Sort(static (x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Slot.CompareTo(y.Slot));
        var kept = SelectNeighbours(scored, max);
        var links = new int[kept.Count];
        for (var i = 0; i < links.Length; i++) links[i] = kept[i].Slot;
        levels[level] = links;
    }
}
