namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// The most recently used query vectors of one encoder, bounded. Keyed by the query's token ids: two texts the
/// tokenizer cannot tell apart ("Refund?" and "refund ?") are one entry, and nothing else is.
/// </summary>
public sealed class QueryVectorCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Vector)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, float[] Vector)> _recency = new();
    private readonly Lock _lock = new();

    public static string KeyOf(int[] ids) => string.Join(',', ids);

    public bool TryGet(string key, out float[] vector)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                vector = node.Value.Vector;
                return true;
            }
        }
        vector = [];
        return false;
    }

    public void Add(string key, float[] vector)
    {
        if (capacity <= 0) return;
        lock (_lock)
        {
            if (_entries.ContainsKey(key)) return;
            _entries[key] = _recency.AddFirst((key, vector));
            if (_entries.Count <= capacity) return;
            _entries.Remove(_recency.Last!.Value.Key);
            _recency.RemoveLast();
        }
    }
}
