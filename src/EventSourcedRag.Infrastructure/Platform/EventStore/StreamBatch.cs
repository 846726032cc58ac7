namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>
/// One stream as a batch of commands decides on it (<see cref="DeciderStore.DecideEach{TState, TCommand}"/>): the state
/// and version read, from a snapshot or folded, and the events decided so far, each command on the state the events
/// before it lead to.
/// </summary>
public sealed class StreamBatch<TState>(Guid streamId, TState state, long version)
{
    private readonly List<object> _decided = [];

    public Guid StreamId { get; } = streamId;
    public TState State { get; private set; } = state;

    /// <summary>The version the state was read at: the events decided are appended expecting it.</summary>
    public long Version { get; } = version;

    /// <summary>The events decided, as they will be stored (stamped with their request's metadata where the batch does so).</summary>
    public IReadOnlyList<object> Decided => _decided;

    /// <summary>The version the stream reaches once the decided events are stored.</summary>
    public long NextVersion => Version + _decided.Count;

    internal void Record(object data, object stored, Func<TState, object, TState> evolve)
    {
        State = evolve(State, data);
        _decided.Add(stored);
    }
}
