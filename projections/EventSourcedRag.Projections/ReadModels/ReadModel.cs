namespace EventSourcedRag.Projections.ReadModels;

/// <summary>
/// A read model folded from the event log in memory: the same class is fed by the live subscription (async
/// daemon) and by rebuilds as of any point, so both produce the same rows. Events must arrive in sequence
/// order; an event at or below <see cref="Position"/> is ignored, which makes re-delivery harmless.
/// </summary>
public abstract class ReadModel
{
    private readonly List<IRowSet> _tables = [];

    protected ReadModel(string name, int version)
    {
        Name = name;
        Version = version;
    }

    /// <summary>Stable name: the key of its rows, targets and progress.</summary>
    public string Name { get; }

    /// <summary>Bumped whenever the rows a given event log produces change shape or meaning.</summary>
    public int Version { get; }

    public abstract IReadOnlyCollection<Type> EventTypes { get; }

    /// <summary>The last global sequence applied (or skipped as irrelevant).</summary>
    public long Position { get; private set; }

    /// <summary>What besides the events shapes the rows (version and settings such as signal weights).</summary>
    public virtual string Fingerprint => $"{Name}:v{Version}";

    public IReadOnlyList<IRowSet> Tables => _tables;

    public void Apply(ProjectedEvent e)
    {
        if (e.Sequence <= Position) return;
        When(e);
        Position = e.Sequence;
    }

    /// <summary>Records that every event up to <paramref name="sequence"/> was seen, even if none concerned this model.</summary>
    public void AdvanceTo(long sequence) => Position = Math.Max(Position, sequence);

    /// <summary>Forgets every row and starts over at <paramref name="position"/> (before loading stored rows).</summary>
    public void Reset(long position)
    {
        foreach (var t in _tables) t.Clear();
        Position = position;
    }

    public IRowSet Table(string kind) => _tables.FirstOrDefault(t => t.Kind == kind)
        ?? throw new ArgumentException($"Read model '{Name}' has no row kind '{kind}'.", nameof(kind));

    protected RowSet<TRow> Rows<TRow>(string kind) where TRow : class
    {
        var rows = new RowSet<TRow>(kind);
        _tables.Add(rows);
        return rows;
    }

    protected abstract void When(ProjectedEvent e);
}
