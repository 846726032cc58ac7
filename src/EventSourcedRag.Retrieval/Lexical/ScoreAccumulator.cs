namespace EventSourcedRag.Retrieval.Lexical;

/// <summary>
/// Per-slot score sums for one query, in an array indexed by slot instead of a hash map: at a million chunks a
/// common term has hundreds of thousands of postings, and adding into a dictionary cost most of a query. A stamp
/// per slot says whether the slot was touched by this query, so starting a query is one increment, not a clear.
/// One per thread (queries run concurrently under the collection's read lock), reused from query to query.
/// </summary>
public sealed class ScoreAccumulator
{
    [ThreadStatic] private static ScoreAccumulator?[]? _lanes;

    private double[] _scores = [];
    private int[] _stamps = [];
    private int _stamp;
    private readonly List<int> _touched = [];

    /// <summary>
    /// This thread's accumulator of the given lane (a query needing two sums at once uses two lanes), emptied and
    /// sized for <paramref name="slots"/> slots.
    /// </summary>
    public static ScoreAccumulator Start(int slots, int lane = 0)
    {
        var lanes = _lanes ??= new ScoreAccumulator?[2];
        var a = lanes[lane] ??= new ScoreAccumulator();
        if (a._scores.Length < slots)
        {
            var size = Math.Max(slots, a._scores.Length * 2);
            (a._scores, a._stamps, a._stamp) = (new double[size], new int[size], 0);
        }
        if (++a._stamp == int.MaxValue) (a._stamps, a._stamp) = (new int[a._stamps.Length], 1);
        a._touched.Clear();
        return a;
    }

    /// <summary>The slots touched, in the order they were first touched.</summary>
    public IReadOnlyList<int> Touched => _touched;

    public double this[int slot] => _stamps[slot] == _stamp ? _scores[slot] : 0;

    public bool Contains(int slot) => _stamps[slot] == _stamp;

    public void Add(int slot, double value)
    {
        if (_stamps[slot] == _stamp) _scores[slot] += value;
        else
        {
            _stamps[slot] = _stamp;
            _scores[slot] = value;
            _touched.Add(slot);
        }
    }

    /// <summary>Adds only to a slot already touched (a title match counts only for a chunk whose text matched).</summary>
    public void AddIfTouched(int slot, double value)
    {
        if (_stamps[slot] == _stamp) _scores[slot] += value;
    }

    /// <summary>The best k touched slots, as <see cref="TopK"/> ranks them.</summary>
    public List<(int Slot, double Score)> Best(int k) => TopK.Select(_touched.Select(s => new KeyValuePair<int, double>(s, _scores[s])), k);
}
