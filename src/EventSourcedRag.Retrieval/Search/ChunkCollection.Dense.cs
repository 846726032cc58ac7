using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Retrieval.Search;

// The LSA encoder's life cycle (collections without an external embedder). The encoder is fitted at fit points
// (FitPoints) on the chunks live there; chunks that arrive later are embedded with it and inserted into the vector
// index as they come, so a change costs one embedding, not a refit. Small fits are computed by the first query that
// needs them; large ones in the background. Either way from the chunks as they were at the fit point, after which
// the changes made since are applied in order and the result swapped in. Until then the previous encoder serves.
// What serves is therefore "the fit at point F, then every later change folded in", and every response records F, so
// a replay (PinFit) rebuilds exactly the dense index it was served from.
public sealed partial class ChunkCollection
{
    private FitPoints _fitPoints = FitPoints.None;
    private long? _fitPosition;      // the fit point the serving encoder was fitted at
    private long? _pinnedFit;        // a replay's: only this fit point is computed
    private bool _deferFits;         // a replay's: fit points are noted, the last one computed on request
    private volatile PendingFit? _pending; // a fit point noted, or being computed in the background (read without the lock by queries)

    /// <summary>The fit point of the encoder serving now (null: no LSA encoder, e.g. too few chunks, or an external embedder).</summary>
    public long? DenseFitPosition
    {
        get
        {
            _lock.EnterReadLock();
            try { return _encoder is null ? null : _fitPosition; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>The declared fit point still being computed, if any.</summary>
    public long? PendingFitPosition => _pending?.Position;

    /// <summary>A fit is being computed in the background (a snapshot waits for it).</summary>
    public bool FittingInBackground => _pending is { Work: not null };

    /// <summary>
    /// Set while the owner applies a backlog of changes (a start replaying the log, a bulk catch-up): background fits
    /// then wait for it to end however long it takes, since a fit of a point the backlog is about to pass is wasted
    /// work competing with the backlog for the cores.
    /// </summary>
    public bool ApplyingBacklog
    {
        get => Volatile.Read(ref _applyingBacklog);
        set => Volatile.Write(ref _applyingBacklog, value);
    }

    private bool _applyingBacklog;

    /// <summary>The background fit has finished (or none is running): for tests and benchmarks that wait for it.</summary>
    public Task DenseSettled => _pending?.Work ?? Task.CompletedTask;

    /// <summary>
    /// For a replay: compute the encoder only at <paramref name="fitPosition"/> (at once, whatever the size) and ignore
    /// every other fit point. Call before the first change is applied.
    /// </summary>
    public void PinFit(long fitPosition) => _pinnedFit = fitPosition;

    /// <summary>
    /// For a replay as of a point in history: fit points are noted but not computed; <see cref="CompleteDeferredFit"/>
    /// then computes the last one, as a server that had finished its fits would serve. Call before the first change.
    /// </summary>
    public void DeferFits() => _deferFits = true;

    /// <summary>Computes the last fit point noted under <see cref="DeferFits"/>, with every later change folded in.</summary>
    public void CompleteDeferredFit()
    {
        if (_pending is { Work: null } pending) lock (pending) ComputeAndInstall(pending, CancellationToken.None);
    }

    /// <summary>
    /// For a replay of a response recorded before fit points existed: fit on the chunks live now, as the server then did
    /// on the first query after a change.
    /// </summary>
    public void FitNow()
    {
        _lock.EnterWriteLock();
        try { FitLocked(Position); }
        finally { _lock.ExitWriteLock(); }
    }

    // Called by every change, under the write lock, after its slots were added and removed.
    private void DenseChangedLocked(int[] removed, int[] added, long position)
    {
        if (embedder is not null) return;
        Interlocked.Exchange(ref _lastChangeTicks, Environment.TickCount64);
        if (_encoder is not null) _vectors = FoldIn(_vectors, _encoder, removed, added);
        _pending?.Changes.Add((removed, added));
        _fitPoints = _fitPoints.Changed(removed.Length, added.Length);
        if (!_fitPoints.Due(_bm25.LiveCount, Settings.Lsa)) return;
        _fitPoints = _fitPoints.DeclaredAt(_bm25.LiveCount);
        if (_pinnedFit is { } pinned)
        {
            if (pinned == position) FitLocked(position);
        }
        else if (_deferFits || _bm25.LiveCount < Settings.Lsa.BackgroundFitFrom)
        {
            // Noted, computed when a query first needs it: a backlog being applied passes many small points, and
            // only the last one before a query is worth fitting.
            CancelPendingLocked();
            _pending = new PendingFit(position, _slots.Count);
        }
        else StartBackgroundFitLocked(position);
    }

    // A small fit point noted and not computed yet is computed by the first query that needs it (a second waits).
    private void CompleteNotedFit()
    {
        if (_deferFits || _pending is not { Work: null } pending) return;
        lock (pending) ComputeAndInstall(pending, CancellationToken.None);
    }

    // A change applied to a vector index the same way by the serving encoder, a background catch-up and a replay.
    private IVectorIndex? FoldIn(IVectorIndex? vectors, LsaEncoder encoder, int[] removed, int[] added)
    {
        if (vectors is null) return null;
        foreach (var slot in removed) vectors.Remove(slot);
        foreach (var slot in added) vectors.Set(slot, encoder.EmbedTerms(Terms(slot)));
        return Grown(vectors);
    }

    // Grown past exact search: every vector moves into a graph, in slot order so the build is reproducible.
    private IVectorIndex Grown(IVectorIndex vectors)
    {
        if (vectors is not ExactVectorIndex exact || exact.Count < Settings.ExactSearchBelow) return vectors;
        var graph = NewVectorIndex(exact.Dimensions, exact.Count);
        var all = exact.All().ToList();
        graph.SetMany(all.Select(a => a.Slot).ToList(), all.Select(a => a.Vector).ToList());
        return graph;
    }

    private void FitLocked(long position)
    {
        CancelPendingLocked();
        var live = Enumerable.Range(0, _slots.Count).Where(s => _slots[s] is not null).OrderBy(s => _slots[s]!.ChunkId).ToList();
        if (live.Count < Settings.Lsa.MinDocuments)
        {
            (_encoder, _vectors, _fitPosition) = (null, null, position);
            return;
        }
        var encoder = LsaEncoder.Fit(FitSample(live).Select(Terms).ToList(), Settings.Lsa);
        var vectors = new float[live.Count][];
        Parallel.For(0, live.Count, i => vectors[i] = encoder.EmbedTerms(Terms(live[i])));
        var index = NewVectorIndex(encoder.Dimensions, live.Count);
        index.SetMany(live, vectors);
        (_encoder, _vectors, _fitPosition) = (encoder, index, position);
    }

    private void StartBackgroundFitLocked(long position)
    {
        CancelPendingLocked();
        var pending = new PendingFit(position, _slots.Count);
        _pending = pending;
        pending.Work = Task.Run(() => BackgroundFit(pending));
    }

    private void CancelPendingLocked()
    {
        if (_pending is not { } pending) return;
        pending.Cancel.Cancel();
        ReleaseLocked(pending);
    }

    // The chunks a superseded or finished fit kept for itself are let go.
    private void ReleaseLocked(PendingFit pending)
    {
        foreach (var slot in pending.Retired.Keys) _terms[slot] = [];
        if (ReferenceEquals(_pending, pending)) _pending = null;
    }

    // Removed while a fit point is computed: the fit still needs what the slot held there (its terms for the
    // vector, its chunk id for the order), so they are kept until the fit is done.
    private bool RetainedForFitLocked(int slot, IndexedChunk chunk)
    {
        if (_pending is not { } pending) return false;
        pending.Retired[slot] = chunk;
        return true;
    }

    private async Task BackgroundFit(PendingFit pending)
    {
        var ct = pending.Cancel.Token;
        try
        {
            // While a backlog is applied (a start, a bulk ingestion) fit points keep coming and a fit would only
            // compete with it for the cores: wait until it is applied; otherwise until the changes pause, or at most
            // FitPatience under steady live change, so a busy service still gets its fits.
            var noted = Environment.TickCount64;
            while (ApplyingBacklog
                   || (Environment.TickCount64 - Interlocked.Read(ref _lastChangeTicks) < FitSettle.TotalMilliseconds
                       && Environment.TickCount64 - noted < FitPatience.TotalMilliseconds))
                await Task.Delay(FitSettle, ct);
            ComputeAndInstall(pending, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The previous encoder keeps serving; the next fit point tries again.
            FitFailure = ex;
            _lock.EnterWriteLock();
            try { ReleaseLocked(pending); }
            finally { _lock.ExitWriteLock(); }
        }
    }

    // The fit from the chunks live at the fit point, then the changes made since, in order; swapped in unless superseded.
    private void ComputeAndInstall(PendingFit pending, CancellationToken ct)
    {
        if (!ReferenceEquals(_pending, pending)) return; // done by another query meanwhile, or superseded
        List<int> live;
        List<IReadOnlyList<string>> sample;
        _lock.EnterReadLock();
        try
        {
            live = Enumerable.Range(0, pending.SlotCount).Where(s => _slots[s] is not null || pending.Retired.ContainsKey(s))
                .OrderBy(s => (_slots[s] ?? pending.Retired[s]).ChunkId).ToList();
            sample = FitSample(live).Select(s => (IReadOnlyList<string>)Terms(s).ToArray()).ToList();
        }
        finally { _lock.ExitReadLock(); }

        LsaEncoder? encoder = null;
        IVectorIndex? index = null;
        if (live.Count >= Settings.Lsa.MinDocuments)
        {
            encoder = LsaEncoder.Fit(sample, Settings.Lsa);
            ct.ThrowIfCancellationRequested();
            var vectors = new float[live.Count][];
            for (var start = 0; start < live.Count; start += EmbedBatch)
            {
                ct.ThrowIfCancellationRequested();
                var end = Math.Min(live.Count, start + EmbedBatch);
                _lock.EnterReadLock(); // terms are read under the lock; a batch holds a writer back for milliseconds
                try { Parallel.For(start, end, i => vectors[i] = encoder.EmbedTerms(Terms(live[i]))); }
                finally { _lock.ExitReadLock(); }
            }
            ct.ThrowIfCancellationRequested();
            index = NewVectorIndex(encoder.Dimensions, live.Count);
            index.SetMany(live, vectors);
        }

        _lock.EnterWriteLock();
        try
        {
            if (ct.IsCancellationRequested || !ReferenceEquals(_pending, pending)) return;
            if (encoder is not null)
                foreach (var (removed, added) in pending.Changes) index = FoldIn(index, encoder, removed, added);
            (_encoder, _vectors, _fitPosition) = (encoder, index, pending.Position);
            ReleaseLocked(pending);
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Why the last background fit failed, if one did.</summary>
    public Exception? FitFailure { get; private set; }

    private static readonly TimeSpan FitSettle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FitPatience = TimeSpan.FromSeconds(30);
    private long _lastChangeTicks;
    private const int EmbedBatch = 8192;

    private sealed class PendingFit(long position, int slotCount)
    {
        public long Position { get; } = position;
        public int SlotCount { get; } = slotCount;
        public List<(int[] Removed, int[] Added)> Changes { get; } = [];
        public Dictionary<int, IndexedChunk> Retired { get; } = [];
        public CancellationTokenSource Cancel { get; } = new();
        public Task? Work { get; set; }
    }
}
