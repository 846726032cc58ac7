using EventSourcedRag.Infrastructure.Configuration;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// Keeps this host's search indexes caught up with the event log by polling it. Every host runs its own, so
/// every API replica serves the same chunks. Reads only up to the highest sequence below which no transaction
/// can still commit (a gap is waited on briefly, then treated as a rolled-back append).
/// </summary>
public sealed class EventLogIndexFeeder(
    IDocumentStore store,
    SearchIndexes indexes,
    IOptions<StorageOptions> storage,
    IOptions<RetrievalOptions> retrieval,
    TimeProvider clock,
    ILogger<EventLogIndexFeeder> logger) : BackgroundService
{
    private const int BatchSize = 2000;
    private static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(3);
    private readonly DocumentIndexProjector _projector = new(indexes);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long Sequence, DateTimeOffset FirstSeen)? _gap;

    /// <summary>Applies every event committed so far; returns the position reached.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                var from = indexes.Position;
                var to = await SafeHighWaterMark(from, ct);
                if (to <= from) return from;
                await using var session = store.QuerySession();
                var events = await session.Events.QueryAllRawEvents()
                    .Where(e => e.Sequence > from && e.Sequence <= to && e.AnyTenant())
                    .Where(e => e.EventTypesAre(DocumentIndexProjector.EventTypes))
                    .OrderBy(e => e.Sequence)
                    .ToListAsync(ct);
                foreach (var e in events) _projector.Apply(e.TenantId, e.Sequence, e.Data);
                indexes.Advance(to);
            }
        }
        finally { _gate.Release(); }
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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
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

    private async Task<long> SafeHighWaterMark(long from, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(storage.Value.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select seq_id from {storage.Value.Schema}.mt_events where seq_id > @from order by seq_id limit {BatchSize}", connection);
        command.Parameters.AddWithValue("from", from);
        var safe = from;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var seq = reader.GetInt64(0);
            if (seq != safe + 1)
            {
                var now = clock.GetUtcNow();
                if (_gap is not { } gap || gap.Sequence != safe + 1) _gap = gap = (safe + 1, now);
                if (now - gap.FirstSeen < GapPatience) break;
                logger.LogDebug("Skipping sequence gap {From}..{To}", safe + 1, seq - 1);
            }
            safe = seq;
        }
        return safe;
    }
}
