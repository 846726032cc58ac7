using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// Keeps every read model's live target in step with the log. Each model is folded in memory; the changed rows of
/// all models and their new positions are written in one transaction holding each model's writer lock, so an
/// event is counted once even when the daemon delivers a page again, and a blue/green swap is noticed on the
/// next page (the cache is reloaded from whichever target is live). A failed page leaves the cache empty, so
/// the retry starts from the database.
/// </summary>
public sealed class LiveReadModels(ReadModelCatalog catalog, ReadModelStore store, EventLogReader log, ILogger<LiveReadModels> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (ReadModel Model, string Target)> _cache = new(StringComparer.Ordinal);

    /// <summary>Applies the events of the page (floor, ceiling] to every read model, in one transaction.</summary>
    public async Task ApplyAsync(IReadOnlyList<ProjectedEvent> events, long floor, long ceiling, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var c = await store.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var applied = new List<(string Name, ReadModel Model, string Target)>();
            foreach (var name in catalog.Names) // always in this order, so two writers never wait on each other in a cycle
                applied.Add(await ApplyAsync(c, tx, name, events, floor, ceiling, ct));
            await tx.CommitAsync(ct);
            foreach (var (name, model, target) in applied) _cache[name] = (model, target);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Read models failed to apply events {Floor}..{Ceiling}; the daemon will retry", floor, ceiling);
            throw;
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

    private async Task<(string, ReadModel, string)> ApplyAsync(NpgsqlConnection c, NpgsqlTransaction tx, string name,
        IReadOnlyList<ProjectedEvent> events, long floor, long ceiling, CancellationToken ct)
    {
        await store.LockAsync(c, tx, name, ct);
        var fresh = catalog.Create(name);
        var target = await store.LiveTargetAsync(c, tx, fresh, ct);
        var info = (await store.TargetAsync(c, tx, name, target, ct))!;
        if (info.Fingerprint != fresh.Fingerprint)
            logger.LogWarning("Read model {Name} is live on target {Target} built with other settings ({Stored}); rebuild and swap it", name, target, info.Fingerprint);
        if (!_cache.Remove(name, out var cached) || cached.Target != target || cached.Model.Position != info.Position)
        {
            // Not cached, swapped, or moved by someone else: what the database holds is the truth.
            await store.LoadAsync(c, tx, fresh, target, ct);
            cached = (fresh, target);
        }
        var model = cached.Model;
        var empty = model.Position == 0 && model.Tables.All(t => t.Count == 0);
        if (model.Position < floor)
        {
            // The target is behind this page (new, or freshly swapped in): fill the gap from the log first.
            await foreach (var page in log.ReadAsync(model.Position, floor, model.EventTypes, ct))
                foreach (var e in page) model.Apply(e);
            model.AdvanceTo(floor);
        }
        var relevant = model.EventTypes;
        foreach (var e in events)
            if (relevant.Contains(e.Data.GetType())) model.Apply(e);
        model.AdvanceTo(ceiling);
        if (empty) await store.SaveNewAsync(c, tx, model, target, ct); // a first catch-up: one COPY
        else await store.SaveChangesAsync(c, tx, model, target, ct);
        return (name, model, target);
    }
}
