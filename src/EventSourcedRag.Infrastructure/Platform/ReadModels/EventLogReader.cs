using EventSourcedRag.Domain;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Projections.ReadModels;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// Reads the event log in sequence order for rebuilds, catch-ups, training and exports, through Marten so events
/// deserialize as the daemon sees them; personal fields opened, erased subjects left out (<see cref="PersonalData"/>).
/// </summary>
/// <remarks>
/// The store is resolved on first use, not injected: the read-model subscription depends on this reader and
/// Marten builds its subscriptions while the store itself is being built, so injecting it would be a cycle.
/// </remarks>
public sealed class EventLogReader(IServiceProvider services, IOptions<StorageOptions> storage)
{
    private IDocumentStore Store => services.GetRequiredService<IDocumentStore>();

    private const int PageSize = 20_000;

    public static ProjectedEvent ToProjected(IEvent e) => new(e.Sequence, e.Id, e.StreamId, e.Version, e.TenantId, e.Timestamp,
        e.Headers?.TryGetValue(EventSchema.ActorHeader, out var actor) == true ? actor?.ToString() : null, e.Data);

    /// <summary>Events of the given types with from &lt; sequence ≤ to, in sequence order, a page at a time.</summary>
    /// <remarks>The next page is fetched and deserialized while the caller applies the current one.</remarks>
    public async IAsyncEnumerable<IReadOnlyList<ProjectedEvent>> ReadAsync(long from, long to, IReadOnlyCollection<Type> types,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var typeArray = types.ToArray();
        var cursor = from;
        Task<IReadOnlyList<ProjectedEvent>>? next = cursor < to ? PageAsync(cursor, Math.Min(to, cursor + PageSize), typeArray, ct) : null;
        while (next is not null)
        {
            var page = await next;
            cursor = Math.Min(to, cursor + PageSize);
            next = cursor < to ? PageAsync(cursor, Math.Min(to, cursor + PageSize), typeArray, ct) : null;
            if (page.Count > 0) yield return page;
        }
    }

    private Task<IReadOnlyList<ProjectedEvent>> PageAsync(long after, long upTo, Type[] types, CancellationToken ct) => Task.Run(async () =>
    {
        await using var session = Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= upTo && e.AnyTenant())
            .Where(e => e.EventTypesAre(types))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return await services.GetRequiredService<PersonalData>().RevealAsync(events.Select(ToProjected).ToList(), ct);
    }, ct);

    /// <summary>
    /// The highest sequence below which no event can still appear: the async daemon's high-water mark, extended by the
    /// gapless run of events just above it (before the daemon has run, the mark is 0), or else the last event committed
    /// more than <see cref="EventLogTail.GapPatience"/> ago (a gap below it is no commit in flight: a rolled-back append or retention).
    /// Only a window of <see cref="TailWindow"/> events above the mark is read, through the sequence's index: the whole
    /// log is never counted (issue 24: it was, on every rebuild and catch-up).
    /// </summary>
    public async Task<long> SafeHeadAsync(CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(storage.Value.ConnectionString);
        await c.OpenAsync(ct);
        var schema = storage.Value.Schema;
        // In the gapless run above the mark every seq_id is the mark plus its row number; the first gap ends the run.
        await using var command = new NpgsqlCommand($"""
            with mark as (select coalesce((select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'), 0) as v),
            tail as (
              select e.seq_id, e.seq_id - row_number() over (order by e.seq_id) as shift
              from {schema}.mt_events e, mark
              where e.seq_id > mark.v and e.seq_id <= mark.v + @window)
            select greatest(
              (select v from mark),
              coalesce((select max(seq_id) from tail where shift = (select v from mark)), 0),
              coalesce((select max(seq_id) from {schema}.mt_events where timestamp < now() - @patience), 0))
            """, c);
        command.Parameters.AddWithValue("window", TailWindow);
        command.Parameters.AddWithValue("patience", EventLogTail.GapPatience);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>How many events above the high-water mark are checked for gaps; older ones are safe by their age anyway.</summary>
    public const long TailWindow = 100_000;

    public async Task<long> HeadAsync(CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(storage.Value.ConnectionString);
        await c.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {storage.Value.Schema}.mt_events", c);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>The last sequence of an event stored at or before <paramref name="at"/>.</summary>
    public async Task<long> SequenceAtAsync(DateTimeOffset at, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(storage.Value.ConnectionString);
        await c.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {storage.Value.Schema}.mt_events where timestamp <= @at", c);
        command.Parameters.AddWithValue("at", at);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>First and last sequence and time of the events with sequence ≤ <paramref name="to"/>.</summary>
    public async Task<(long First, long Last, DateTimeOffset? FirstAt, DateTimeOffset? LastAt)> RangeAsync(long to, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(storage.Value.ConnectionString);
        await c.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select coalesce(min(seq_id), 0), coalesce(max(seq_id), 0),
                   (select timestamp from {storage.Value.Schema}.mt_events where seq_id = (select min(seq_id) from {storage.Value.Schema}.mt_events)),
                   (select timestamp from {storage.Value.Schema}.mt_events where seq_id = @to)
            from {storage.Value.Schema}.mt_events where seq_id <= @to
            """, c);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
    }
}
