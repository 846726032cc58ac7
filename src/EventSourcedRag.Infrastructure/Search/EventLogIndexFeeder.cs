using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// Keeps this host's search indexes caught up with the event log by polling it. Every host runs its own, so
/// every API replica serves the same chunks. Reads only what <see cref="EventLogTail"/> says has committed.
/// </summary>
public sealed class EventLogIndexFeeder(
    IDocumentStore store,
    SearchIndexes indexes,
    IOptions<StorageOptions> storage,
    IOptions<RetrievalOptions> retrieval,
    IndexSnapshotFile snapshots,
    TimeProvider clock,
    ILogger<EventLogIndexFeeder> logger,
    IChunkVectorSource? vectors = null) : BackgroundService
{
    private readonly DocumentIndexProjector _projector = new(indexes, vectors);
    private static readonly Type[] EventTypes = [.. DocumentIndexProjector.EventTypes, .. DocumentIndexProjector.SwitchEventTypes];
    private readonly EventLogTail _tail = new(store, storage.Value, clock, logger);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _snapshotPosition;
    private readonly IndexLevel _level = new();

    /// <summary>The event position of the snapshot this host started from, or null when it replayed the whole log.</summary>
    public long? RestoredFrom { get; private set; }

    /// <summary>Applies every event committed so far; returns the position reached.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var applied = 0L;
            while (true)
            {
                var from = indexes.Position;
                var readAt = clock.GetUtcNow(); // everything committed before this instant is at or below 'to'
                var to = await _tail.SafeHighWaterMarkAsync(from, ct);
                _level.HeadRead(to, readAt, from);
                if (to <= from)
                {
                    // A backlog leaves posting lists up to half empty (they grow by doubling); steady traffic does not.
                    if (applied >= BacklogEvents) indexes.TrimExcess();
                    indexes.ApplyingBacklog = false;
                    return from;
                }
                if (to - from >= BacklogEvents) indexes.ApplyingBacklog = true;
                var events = await _tail.ReadAsync(from, to, EventTypes, ct);
                foreach (var e in events) _projector.Apply(e.TenantId, e.Sequence, e.Data);
                var withoutVectors = _projector.ChunksWithoutVectors;
                await _projector.FlushAsync(ct);
                if (_projector.ChunksWithoutVectors > withoutVectors)
                    logger.LogWarning("{Count} chunks have no stored vector under their tenant's encoder and are found lexically only until the worker embeds them",
                        _projector.ChunksWithoutVectors - withoutVectors);
                applied += events.Count;
                indexes.Advance(to);
                _level.Applied(to);
            }
        }
        catch
        {
            // A failure mid-backlog must not hold fits back; the next catch-up says so again while it is still behind.
            indexes.ApplyingBacklog = false;
            throw;
        }
        finally { _gate.Release(); }
    }

    // Events behind the head that make a catch-up a backlog: background fits wait for it, and lists are trimmed after it.
    private const int BacklogEvents = 10_000;

    /// <summary>How far the index trails the log now (see <see cref="IndexFreshness"/>).</summary>
    public IndexFreshness Freshness()
    {
        return IndexFreshness.Of(indexes.Position, _level.SeenHead, _level.LevelAt, clock.GetUtcNow(), retrieval.Value.StaleAfter);
    }

    /// <summary>Waits until the indexes have applied every event up to <paramref name="sequence"/>.</summary>
    public async Task WaitForAsync(long sequence, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (indexes.Position < sequence)
        {
            if (clock.GetUtcNow() > deadline) throw new TimeoutException($"Search index did not reach event {sequence} within {timeout}.");
            await CatchUpAsync(ct);
            if (indexes.Position < sequence) await Task.Delay(50, ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RestoreSnapshotAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Search index snapshot could not be loaded; rebuilding from the event log");
            _projector.Reset();
            indexes.Reset();
            RestoredFrom = null;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
                if (snapshots.FilePath is not null && !indexes.FitInProgress && indexes.Position - _snapshotPosition >= retrieval.Value.SnapshotEveryEvents)
                    await SaveSnapshotAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Search index catch-up failed; retrying");
            }
            try { await Task.Delay(retrieval.Value.IndexPollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (snapshots.FilePath is null || indexes.Position <= _snapshotPosition) return;
        if (indexes.FitInProgress)
            logger.LogInformation("No search index snapshot at shutdown: a dense fit is still being computed, and the next start repeats it");
        else
        {
            try { await SaveSnapshotAsync(cancellationToken); }
            catch (Exception ex) { logger.LogWarning(ex, "Search index snapshot could not be written at shutdown"); }
        }
    }

    /// <summary>Writes the indexes as they are at their current position (catch-up paused meanwhile).</summary>
    public async Task SaveSnapshotAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var position = indexes.Position;
            snapshots.Write(indexes, _projector, await EventIdAt(position, ct));
            _snapshotPosition = position;
            logger.LogInformation("Search index snapshot written at event {Position}", position);
        }
        finally { _gate.Release(); }
    }

    // A snapshot counts only if the log still holds, at its position, the very event it was taken after.
    private async Task RestoreSnapshotAsync(CancellationToken ct)
    {
        if (snapshots.Open(indexes.Fingerprint) is not { } opened) return;
        using var body = opened.Body;
        if (opened.Position == 0 || await EventIdAt(opened.Position, ct) != opened.LastEventId)
        {
            logger.LogInformation("Ignoring a search index snapshot that does not match this event log");
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            _projector.Read(body);
            indexes.Read(body);
            indexes.TrimExcess(); // loading added every posting one by one
            _snapshotPosition = indexes.Position;
            RestoredFrom = indexes.Position;
            logger.LogInformation("Search index restored from its snapshot at event {Position}", indexes.Position);
        }
        finally { _gate.Release(); }
    }

    private async Task<Guid> EventIdAt(long sequence, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(storage.Value.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select id from {storage.Value.Schema}.mt_events where seq_id = @seq", connection);
        command.Parameters.AddWithValue("seq", sequence);
        return await command.ExecuteScalarAsync(ct) is Guid id ? id : Guid.Empty;
    }
}
