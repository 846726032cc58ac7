using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// Rebuilds read models from the log, from zero, as of any point, into a named target that readers do not use
/// until it is swapped in; the swap catches the target up to the live position under the writer lock and flips
/// the live pointer in the same transaction.
/// </summary>
public sealed class ReadModelRebuilder(ReadModelCatalog catalog, ReadModelStore store, EventLogReader log)
{
    /// <summary>The sequence an as-of point stands for; never beyond the safe head, where later commits could still land below it.</summary>
    public async Task<long> ResolveAsync(AsOf asOf, CancellationToken ct)
    {
        var safe = await log.SafeHeadAsync(ct);
        if (asOf.Sequence is { } sequence)
        {
            if (sequence < 0) throw new InvalidReadModelRequest("as-of sequence must not be negative.");
            if (sequence > safe) throw new InvalidReadModelRequest($"as-of {sequence} is beyond the last safely committed event ({safe}).");
            return sequence;
        }
        if (asOf.Time is { } time) return Math.Min(safe, await log.SequenceAtAsync(time, ct));
        return safe;
    }

    /// <summary>Folds a fresh read model over the log up to <paramref name="sequence"/>, in memory.</summary>
    public async Task<ReadModel> FoldAsync(string name, long sequence, CancellationToken ct) => (await FoldAsync([name], sequence, ct))[0];

    /// <summary>Folds several read models in one pass over the log.</summary>
    /// <param name="progress">Told the share of the log (0 to 1) folded so far, after each page.</param>
    public async Task<IReadOnlyList<ReadModel>> FoldAsync(IReadOnlyList<string> names, long sequence, CancellationToken ct, IProgress<double>? progress = null)
    {
        var models = names.Select(catalog.Create).ToList();
        var types = models.SelectMany(m => m.EventTypes).Distinct().ToList();
        await foreach (var page in log.ReadAsync(0, sequence, types, ct))
        {
            Apply(page, models);
            if (page.Count > 0) progress?.Report(sequence == 0 ? 1 : (double)page[^1].Sequence / sequence);
        }
        foreach (var model in models) model.AdvanceTo(sequence);
        return models;
    }

    /// <summary>Applies a page of the log to each model that takes its events (a page read for several models holds others' too).</summary>
    public static void Apply(IReadOnlyList<ProjectedEvent> page, IReadOnlyList<ReadModel> models)
    {
        foreach (var e in page)
            foreach (var model in models)
                if (model.EventTypes.Contains(e.Data.GetType())) model.Apply(e);
    }

    public async Task<TargetInfo> RebuildAsync(string name, string target, AsOf asOf, CancellationToken ct, IProgress<double>? progress = null)
    {
        ValidateTargetName(target);
        var sequence = await ResolveAsync(asOf, ct);
        var model = (await FoldAsync([name], sequence, ct, progress))[0];
        await using var c = await store.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await store.LockAsync(c, tx, name, ct);
        if (await store.LiveTargetAsync(c, tx, catalog.Create(name), ct) == target)
            throw new InvalidReadModelRequest($"'{target}' is the live target of '{name}'; rebuild into another name and swap it in.");
        await store.CreateTargetAsync(c, tx, name, target, model.Position, model.Fingerprint, sequence, asOf.Time, ct);
        await store.SaveNewAsync(c, tx, model, target, ct);
        await tx.CommitAsync(ct);
        return (await store.TargetAsync(c, null, name, target, ct))!;
    }

    /// <summary>Makes <paramref name="target"/> live: caught up to the live target's position, then the pointer flips, atomically.</summary>
    public async Task<TargetInfo> SwapAsync(string name, string target, CancellationToken ct)
    {
        await using var c = await store.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await store.LockAsync(c, tx, name, ct);
        var fresh = catalog.Create(name);
        var live = await store.LiveTargetAsync(c, tx, fresh, ct);
        var candidate = await store.TargetAsync(c, tx, name, target, ct) ?? throw new UnknownReadModelTarget(name, target);
        if (candidate.Fingerprint != fresh.Fingerprint)
            throw new InvalidReadModelRequest($"Target '{target}' was built with other settings ({candidate.Fingerprint}); rebuild it first.");
        if (live != target)
        {
            var livePosition = (await store.TargetAsync(c, tx, name, live, ct))!.Position;
            await store.LoadAsync(c, tx, fresh, target, ct);
            if (fresh.Position < livePosition)
            {
                await foreach (var page in log.ReadAsync(fresh.Position, livePosition, fresh.EventTypes, ct))
                    foreach (var e in page) fresh.Apply(e);
                fresh.AdvanceTo(livePosition);
                await store.SaveChangesAsync(c, tx, fresh, target, ct);
            }
            await store.MakeLiveAsync(c, tx, name, target, ct);
        }
        await tx.CommitAsync(ct);
        return (await store.TargetAsync(c, null, name, target, ct))!;
    }

    /// <summary>
    /// Folds every read model afresh from the log into <paramref name="target"/>, swaps each in and drops the target it
    /// replaced, then folds every other target again at its own as-of point: after the log itself changed under them (an
    /// erasure, retention), no target may keep what the log no longer gives out. Returns the names rebuilt.
    /// </summary>
    public async Task<IReadOnlyList<string>> RebuildAllAsync(string target, CancellationToken ct)
    {
        var rebuilt = new List<string>();
        var others = (await store.TargetsAsync(ct)).Where(t => !t.Live).Select(t => t.Target).ToList();
        foreach (var name in catalog.Names)
        {
            var previous = await store.LiveTargetNameAsync(name, ct);
            await RebuildAsync(name, target, AsOf.Head, ct);
            await SwapAsync(name, target, ct);
            if (previous is not null && previous != target) await store.DropTargetAsync(name, previous, ct);
            foreach (var other in others.Where(o => o.Projection == name && o.Target != target))
                await RebuildAsync(name, other.Target, new AsOf(Math.Min(other.AsOfSequence ?? other.Position, other.Position), null), ct);
            rebuilt.Add(name);
        }
        return rebuilt;
    }

    /// <summary>A target name as a caller gives it; a tenant's stored name (<see cref="TenantTargets"/>) is checked after its prefix.</summary>
    public static void ValidateTargetName(string target)
    {
        var own = target[(target.LastIndexOf(TenantTargets.Separator) + 1)..];
        if (own.Length is 0 or > 63 || !own.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            throw new InvalidReadModelRequest("A target name is 1 to 63 letters, digits, '-' or '_'.");
    }
}
