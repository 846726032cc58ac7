namespace EventSourcedRag.Projections.ReadModels;

/// <summary>The rows of one kind, keyed by string, with change tracking.</summary>
public sealed class RowSet<TRow>(string kind) : IRowSet where TRow : class
{
    private readonly Dictionary<string, TRow> _rows = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public string Kind { get; } = kind;
    public int Count => _rows.Count;

    public TRow? Find(string key) => _rows.GetValueOrDefault(key);

    /// <summary>The row, created by <paramref name="create"/> when missing; marked changed either way.</summary>
    public TRow Upsert(string key, Func<TRow> create)
    {
        if (!_rows.TryGetValue(key, out var row)) _rows[key] = row = create();
        _changed.Add(key);
        return row;
    }

    /// <summary>Marks a row found with <see cref="Find"/> and then modified as changed.</summary>
    public void Touch(string key)
    {
        if (_rows.ContainsKey(key)) _changed.Add(key);
    }

    public void Put(string key, TRow row)
    {
        _rows[key] = row;
        _changed.Add(key);
    }

    public void Delete(string key)
    {
        if (_rows.Remove(key)) _changed.Add(key);
    }

    /// <summary>Rows ordered by key, for exports and comparisons.</summary>
    public IEnumerable<KeyValuePair<string, TRow>> Ordered() => _rows.OrderBy(p => p.Key, StringComparer.Ordinal);

    public void Load(string key, string json) => _rows[key] = RowJson.Deserialize<TRow>(json);

    public void Clear()
    {
        _rows.Clear();
        _changed.Clear();
    }

    public IReadOnlyList<(string Key, string? Json)> TakeChanges()
    {
        var changes = _changed.Order(StringComparer.Ordinal)
            .Select(k => (k, _rows.TryGetValue(k, out var row) ? RowJson.Serialize(row) : null))
            .ToList();
        _changed.Clear();
        return changes;
    }

    public IEnumerable<(string Key, string Json)> Serialized() => Ordered().Select(p => (p.Key, RowJson.Serialize(p.Value)));
}
