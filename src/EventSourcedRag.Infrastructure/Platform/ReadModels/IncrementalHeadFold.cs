using System.Collections.Concurrent;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// Read models folded from the log at the safe head, kept per process and carried forward: each call folds only the
/// events after the last one it folded, up to the head <see cref="ReadModelRebuilder.ResolveAsync"/> gives now, so a
/// decision still rests on the log and never on a lagging read model, at a cost that follows what is new rather than
/// the whole log (issue 24: the registries were folded from event 0 on every list, status, start, deploy and rollback).
/// </summary>
/// <remarks>
/// <para>
/// Each caller gets a copy of its own, taken under the fold's lock. The rows of a read model are mutable classes: handing
/// out the kept instance would let a caller read half an update while the next call applies events to it, or let a
/// careless caller change what every later call sees. A copy costs the size of the read model (a registry: one row per
/// model or experiment), not the size of the log, and the lock is held only while the new events are applied.
/// </para>
/// <para>
/// The log can change below the folded point, in any process: retention deletes events (recording
/// <see cref="RetentionApplied"/> in the same commit), and an erasure makes the log reader leave a subject's events out
/// from then on (<see cref="PersonalData"/>). Either sends the fold back to zero: a <see cref="RetentionApplied"/>
/// among the new events, or a change in the number of erased subjects (a set that only grows), is enough to see it
/// without reading the old events again. So is a head below the folded point (the log was reset).
/// </para>
/// </remarks>
public sealed class IncrementalHeadFold(ReadModelCatalog catalog, ReadModelRebuilder rebuilder, EventLogReader log, SubjectKeys keys)
{
    private sealed class Fold
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public ReadModel? Model;
        public int ErasedSubjects;
        public long EventsRead;
        public long FullFolds;
    }

    private readonly ConcurrentDictionary<string, Fold> _folds = new(StringComparer.Ordinal);

    /// <summary>The read model <paramref name="name"/> at the safe head, a copy the caller owns.</summary>
    public async Task<T> AtHeadAsync<T>(string name, CancellationToken ct) where T : ReadModel =>
        (T)(await AtHeadAsync([name], ct)).Models[0];

    /// <summary>Several read models at one and the same safe head, which is returned with them; copies the caller owns.</summary>
    public async Task<(long Sequence, IReadOnlyList<ReadModel> Models)> AtHeadAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        foreach (var name in names) catalog.Create(name); // an unknown name fails here, before it takes a slot
        var ordered = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var folds = ordered.ToDictionary(n => n, n => _folds.GetOrAdd(n, _ => new Fold()), StringComparer.Ordinal);
        var held = new List<SemaphoreSlim>();
        try
        {
            // Taken in name order, so two callers asking for overlapping sets never wait on each other.
            foreach (var name in ordered)
            {
                await folds[name].Lock.WaitAsync(ct);
                held.Add(folds[name].Lock);
            }
            // Resolved under the locks: no other caller moves these folds past it in the meantime.
            var head = await rebuilder.ResolveAsync(AsOf.Head, ct);
            // Read before folding: if an erasure lands during the fold, the next call sees a different count and starts over.
            var erased = (await keys.ErasedAsync(ct)).Count;
            foreach (var name in ordered) await BringToAsync(name, folds[name], head, erased, ct);
            return (head, names.Select(n => Copy(folds[n].Model!)).ToList());
        }
        finally
        {
            foreach (var l in held) l.Release();
        }
    }

    /// <summary>How many events this process has read from the log to fold <paramref name="name"/> at the head.</summary>
    public long EventsRead(string name) => _folds.TryGetValue(name, out var f) ? Interlocked.Read(ref f.EventsRead) : 0;

    /// <summary>How many times this process has folded <paramref name="name"/> from event 0 (the first call, and after the log changed below it).</summary>
    public long FullFolds(string name) => _folds.TryGetValue(name, out var f) ? Interlocked.Read(ref f.FullFolds) : 0;

    // Called under the fold's lock.
    private async Task BringToAsync(string name, Fold fold, long head, int erased, CancellationToken ct)
    {
        // Taken out while it changes: a fold that throws (a cancelled read, a failing page) leaves nothing half-applied behind.
        var kept = fold.Model;
        fold.Model = null;
        if (kept is not null && fold.ErasedSubjects == erased && kept.Position <= head && await FoldOnAsync(fold, kept, head, stopAtRewrite: true, ct))
        {
            fold.Model = kept;
            return;
        }
        var fresh = catalog.Create(name);
        Interlocked.Increment(ref fold.FullFolds);
        await FoldOnAsync(fold, fresh, head, stopAtRewrite: false, ct);
        (fold.Model, fold.ErasedSubjects) = (fresh, erased);
    }

    /// <summary>Applies the events after the model's position up to <paramref name="head"/>; false when a retention run is among them.</summary>
    private async Task<bool> FoldOnAsync(Fold fold, ReadModel model, long head, bool stopAtRewrite, CancellationToken ct)
    {
        IReadOnlyCollection<Type> types = stopAtRewrite ? [.. model.EventTypes, typeof(RetentionApplied)] : model.EventTypes;
        await foreach (var page in log.ReadAsync(model.Position, head, types, ct))
        {
            if (stopAtRewrite && page.Any(e => e.Data is RetentionApplied)) return false;
            Interlocked.Add(ref fold.EventsRead, page.Count);
            ReadModelRebuilder.Apply(page, [model]);
        }
        model.AdvanceTo(head);
        return true;
    }

    // Through the rows' own serialization, the one the read-model store relies on, so the copy shares no object with the kept model.
    private ReadModel Copy(ReadModel model)
    {
        var copy = catalog.Create(model.Name);
        foreach (var table in model.Tables)
        {
            var into = copy.Table(table.Kind);
            foreach (var (key, json) in table.Serialized()) into.Load(key, json);
        }
        copy.AdvanceTo(model.Position);
        return copy;
    }
}
