using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>
/// Follows the end of the event log for an in-process projection that polls it (search indexes, serving state).
/// It only hands out events up to the highest sequence below which no transaction can still commit: a gap is
/// waited on briefly, then treated as a rolled-back append. One per follower, since it remembers the gap it waits on.
/// </summary>
public sealed class EventLogTail(IDocumentStore store, StorageOptions storage, TimeProvider clock, ILogger logger)
{
    private const int BatchSize = 2000;
    /// <summary>How long a missing sequence number may still be a commit in flight.</summary>
    public static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(3);
    private (long Sequence, DateTimeOffset FirstSeen)? _gap;

    /// <summary>The events of the given types in (from, to] of every tenant, in log order.</summary>
    public async Task<IReadOnlyList<IEvent>> ReadAsync(long from, long to, IReadOnlyCollection<Type> types, CancellationToken ct)
    {
        // A captured array, not a call in the expression: Marten compiles a call to a delegate on every query, and
        // followers poll several times a second (the profile of issue 27 showed the finalizer busy with those methods).
        var wanted = types as Type[] ?? types.ToArray();
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > from && e.Sequence <= to && e.AnyTenant())
            .Where(e => e.EventTypesAre(wanted))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
    }

    /// <summary>The next position (at most one batch past <paramref name="from"/>) up to which every event has committed.</summary>
    public async Task<long> SafeHighWaterMarkAsync(long from, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select seq_id, timestamp < now() - @patience from {storage.Schema}.mt_events where seq_id > @from order by seq_id limit {BatchSize}", connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("patience", GapPatience);
        var safe = from;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var seq = reader.GetInt64(0);
            // A gap below an event committed longer ago than the patience is no commit in flight: a rolled-back
            // append, or events retention removed. Skipped at once, so a host replaying an old log does not wait on each.
            if (seq != safe + 1 && !reader.GetBoolean(1))
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
