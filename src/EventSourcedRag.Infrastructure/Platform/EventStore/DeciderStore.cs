using JasperFx;
using Marten;
using Marten.Exceptions;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>
/// Runs a pure decider against one stream: fold its events into state, decide, append with optimistic
/// concurrency (the expected version is the one read), and retry on conflict so the decision is always
/// made on the latest state. Writers to one stream inside this process take turns (striped locks), so
/// conflicts, and their retries, only happen between processes. Batches of commands over many streams (feedback)
/// decide with <see cref="DecideEach{TState, TCommand}"/> and append with <see cref="Queue{TState}"/>: the same
/// fold, decide and append at the version read, with state read from snapshots.
/// </summary>
public static class DeciderStore
{
    public const int DefaultAttempts = 8;
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static async Task<(TState State, long Version)> LoadAsync<TState>(
        IQuerySession session, Guid streamId, TState initial, Func<TState, object, TState> evolve, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        return Fold(events, initial, evolve);
    }

    /// <summary>A stream's events folded into state, with the version they bring it to (0 for no events).</summary>
    public static (TState State, long Version) Fold<TState>(IReadOnlyList<JasperFx.Events.IEvent> events, TState initial, Func<TState, object, TState> evolve)
    {
        var state = initial;
        foreach (var e in events) state = evolve(state, e.Data);
        return (state, events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>Another writer got to the stream first: decide again on its new state.</summary>
    public static bool IsConflict(Exception ex) => ex is ConcurrencyException or ExistingStreamIdCollisionException;

    /// <summary>
    /// Folds one stream in <paramref name="session"/>, decides and queues the events at the version read, without
    /// saving: the caller's commit carries them, so a decision on a second stream joins the first one's transaction,
    /// and a writer that got to either stream first makes the whole commit a conflict.
    /// </summary>
    public static async Task<object[]> DecideInAsync<TState>(
        IDocumentSession session, Guid streamId, TState initial, Func<TState, object, TState> evolve, Func<TState, object[]> decide, CancellationToken ct)
    {
        var (state, version) = await LoadAsync(session, streamId, initial, evolve, ct);
        var events = decide(state);
        Queue(session, streamId, version, events);
        return events;
    }

    /// <summary>
    /// Decides each command on its stream's state as the commands before it left it, without I/O; a refused command
    /// fails alone. Returns, per command in order, the events decided or the refusal.
    /// </summary>
    /// <param name="stamp">The form each event is stored in (e.g. carrying its own request's metadata); the event itself when null.</param>
    public static (object[] Events, Exception? Refusal)[] DecideEach<TState, TCommand>(
        IReadOnlyList<TCommand> commands,
        Func<TCommand, StreamBatch<TState>> streamOf,
        Func<TCommand, TState, object[]> decide,
        Func<TState, object, TState> evolve,
        Func<TCommand, object, object>? stamp = null)
    {
        var outcomes = new (object[], Exception?)[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            var (command, stream) = (commands[i], streamOf(commands[i]));
            try
            {
                var events = decide(command, stream.State);
                foreach (var e in events) stream.Record(e, stamp?.Invoke(command, e) ?? e, evolve);
                outcomes[i] = (events, null);
            }
            catch (Exception ex)
            {
                outcomes[i] = ([], ex);
            }
        }
        return outcomes;
    }

    /// <summary>
    /// Queues the events each stream of a batch decided, at the version it was read at. Streams go in one order in every
    /// transaction, so two batches sharing streams wait for each other rather than deadlock.
    /// </summary>
    public static void Queue<TState>(IDocumentSession session, IEnumerable<StreamBatch<TState>> streams)
    {
        foreach (var stream in streams.OrderBy(s => s.StreamId)) Queue(session, stream.StreamId, stream.Version, stream.Decided);
    }

    private static void Queue(IDocumentSession session, Guid streamId, long version, IReadOnlyCollection<object> events)
    {
        if (events.Count == 0) return;
        if (version == 0) session.Events.StartStream(streamId, events);
        else session.Events.Append(streamId, version + events.Count, events);
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it commits, again after each conflict (another writer got there first) with
    /// a short random backoff, so the decision is made anew on the latest state.
    /// </summary>
    /// <exception cref="StreamConflict">Still in conflict after <paramref name="attempts"/> tries.</exception>
    public static async Task<T> RetryOnConflictAsync<T>(
        Func<CancellationToken, Task<T>> attempt, Guid streamId, CancellationToken ct, int attempts = DefaultAttempts, Func<Exception, bool>? isConflict = null)
    {
        isConflict ??= IsConflict;
        for (var tried = 1; ; tried++)
        {
            try
            {
                return await attempt(ct);
            }
            catch (Exception ex) when (isConflict(ex))
            {
                if (tried >= attempts) throw new StreamConflict(streamId, ex);
                await Task.Delay(Random.Shared.Next(1, 5 << Math.Min(tried, 6)), ct);
            }
        }
    }

    /// <summary>Decides and appends; returns the events stored (none when the command changed nothing).</summary>
    /// <param name="openSession">Opens a fresh session per attempt, carrying tenant and metadata.</param>
    /// <param name="beforeSave">Extra work in the same transaction as the events, e.g. storing an upload.</param>
    /// <param name="alsoDecide">
    /// Decisions on other streams that the events imply, in the same transaction (with <see cref="DecideInAsync{TState}"/>);
    /// a conflict on any of them decides everything again.
    /// </param>
    public static async Task<object[]> HandleAsync<TState>(
        Func<IDocumentSession> openSession,
        Guid streamId,
        TState initial,
        Func<TState, object, TState> evolve,
        Func<TState, object[]> decide,
        CancellationToken ct,
        Action<IDocumentSession, object[]>? beforeSave = null,
        int attempts = DefaultAttempts,
        Func<IDocumentSession, object[], CancellationToken, Task>? alsoDecide = null)
    {
        var stripe = Stripes[(streamId.GetHashCode() & int.MaxValue) % Stripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            return await RetryOnConflictAsync(async token =>
            {
                await using var session = openSession();
                var events = await DecideInAsync(session, streamId, initial, evolve, decide, token);
                if (events.Length == 0) return events;
                beforeSave?.Invoke(session, events);
                if (alsoDecide is not null) await alsoDecide(session, events, token);
                await session.SaveChangesAsync(token);
                return events;
            }, streamId, ct, attempts);
        }
        finally
        {
            stripe.Release();
        }
    }
}
