namespace EventSourcedRag.Projections.ReadModels;

/// <summary>What a read model stores, one kind of row at a time, so a store can load and save any read model.</summary>
public interface IRowSet
{
    string Kind { get; }
    int Count { get; }
    void Load(string key, string json);
    void Clear();

    /// <summary>Rows changed since the last call: json null means deleted.</summary>
    IReadOnlyList<(string Key, string? Json)> TakeChanges();

    /// <summary>Every row, ordered by key (ordinal), serialized.</summary>
    IEnumerable<(string Key, string Json)> Serialized();
}
