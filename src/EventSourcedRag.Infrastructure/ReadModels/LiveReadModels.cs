using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.ReadModels;

/// <summary>
/// Keeps every read model's live target in step with the log. Each model is folded in memory and its changed rows
/// are written with its new position in one transaction under the model's writer lock, so an event is counted
/// once even when the daemon delivers a page again, and a blue/green swap is noticed on the next page (the
/// cache is reloaded from whichever target is live).
/// </summary>
public sealed class LiveReadModels(ReadModelCatalog catalog, ReadModelStore store, EventLogReader log, ILogger<LiveReadModels> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (ReadModel Model, string Target)> _cache = new(StringComparer.Ordinal);

    /// <summary>Applies the events of the page (floor, ceiling] to every read model.</summary>
    public async Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, long floor, long ceiling, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var name in catalog.Names) await ApplyAsync(name, events, floor, ceiling, ct);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Brings every live target up to the last safely committed event; returns that position.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        var head = await log.SafeHeadAsync(ct);
        await ApplyAsync([], head, head, ct);
        return head;
    }

    private async Task ApplyAsync(string name, IReadOnlyList<ProjectedEvent> events, long floor, long ceiling, CancellationToken ct)
    {
        try
        {
            await using var c = await store.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await store.LockAsync(c, tx, name, ct);
            var fresh = catalog.Create(name);
            var target = await store.LiveTargetAsync(c, tx, fresh, ct);
            var info = (await store.TargetAsync(c, tx, name, target, ct))!;
            if (info.Fingerprint != fresh.Fingerprint)
                logger.LogWarning("Read model {Name} is live on target {Target} built with other settings ({Stored}); rebuild and swap it", name, target, info.Fingerprint);
            if (!_cache.TryGetValue(name, out var cached) || cached.Target != target || cached.Model.Position != info.Position)
            {
                await store.LoadAsync(c, tx, fresh, target, ct);
                cached = (fresh, target);
            }
            var model = cached.Model;
            _cache.Remove(name); // until this commits, memory may be ahead of the database
            if (model.Position < floor)
            {
                // The target is behind this page (new or freshly swapped in): fill the gap from the log first.
                await foreach (var page in log.ReadAsync(model.Position, floor, model.EventTypes, ct))
                    foreach (var e in page) model.Apply(e);
                model.AdvanceTo(floor);
            }
            var relevant = model.EventTypes;
            foreach (var e in events)
                if (relevant.Contains(e.Data.GetType())) model.Apply(e);
            model.AdvanceTo(ceiling);
            await store.SaveChangesAsync(c, tx, model, target, ct);
            await tx.CommitAsync(ct);
            _cache[name] = (model, target);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Read model {Name} failed to apply events {Floor}..{Ceiling}; the daemon will retry", name, floor, ceiling);
            throw;
        }
    }
}
