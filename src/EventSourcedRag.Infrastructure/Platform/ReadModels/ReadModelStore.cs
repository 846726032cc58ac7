using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using static EventSourcedRag.Infrastructure.Platform.EventStore.Sql;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// Where read-model rows live: <c>rm_rows</c> holds every row of every projection under a named target;
/// <c>rm_targets</c> the position each target has reached and what it was built as of; <c>rm_live</c> which
/// target readers and the live subscription use. Writers of one projection serialise on an advisory lock, so
/// a blue/green swap and the live subscription never interleave.
/// </summary>
public sealed class ReadModelStore(IOptions<StorageOptions> storage)
{
    private readonly string _schema = storage.Value.Schema;
    private readonly OwnedTables _tables = new(storage.Value.ConnectionString, $"""
        create schema if not exists {storage.Value.Schema};
        create table if not exists {storage.Value.Schema}.rm_rows (
            projection text not null, target text not null, kind text not null, key text not null, data jsonb not null,
            primary key (projection, target, kind, key));
        create table if not exists {storage.Value.Schema}.rm_targets (
            projection text not null, target text not null, position bigint not null, fingerprint text not null,
            as_of_sequence bigint, as_of_time timestamptz, built_at timestamptz not null, updated_at timestamptz not null,
            primary key (projection, target));
        create table if not exists {storage.Value.Schema}.rm_live (projection text primary key, target text not null, swapped_at timestamptz not null);
        """);

    public Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => _tables.OpenAsync(ct);

    /// <summary>The rows table, for searches of one read model written beside this store (QueryLogSearch).</summary>
    internal string RowsTable => $"{_schema}.rm_rows";

    /// <summary>Takes the projection's writer lock until the transaction ends.</summary>
    /// <remarks>
    /// Advisory locks are database-wide, so the key names the schema too: deployments (or test hosts) sharing a
    /// database must not queue behind each other's writers while each holds a pooled connection.
    /// </remarks>
    public Task LockAsync(NpgsqlConnection c, NpgsqlTransaction tx, string projection, CancellationToken ct) =>
        Execute(c, tx, "select pg_advisory_xact_lock(hashtextextended(@p, 7411))", ct, ("p", $"{_schema}.{projection}"));

    /// <summary>The live target, created empty at position 0 the first time.</summary>
    public async Task<string> LiveTargetAsync(NpgsqlConnection c, NpgsqlTransaction tx, ReadModel model, CancellationToken ct)
    {
        await using (var find = Command(c, tx, $"select target from {_schema}.rm_live where projection = @p", ("p", model.Name)))
            if (await find.ExecuteScalarAsync(ct) is string target) return target;
        const string first = "live";
        await CreateTargetAsync(c, tx, model.Name, first, 0, model.Fingerprint, null, null, ct);
        await Execute(c, tx, $"insert into {_schema}.rm_live (projection, target, swapped_at) values (@p, @t, now())", ct, ("p", model.Name), ("t", first));
        return first;
    }

    public async Task<TargetInfo?> TargetAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string projection, string target, CancellationToken ct)
    {
        await using var command = Command(c, tx,
            $"select position, fingerprint, as_of_sequence, as_of_time, built_at from {_schema}.rm_targets where projection = @p and target = @t",
            ("p", projection), ("t", target));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new TargetInfo(projection, target, reader.GetInt64(0), reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));
    }

    public async Task<IReadOnlyList<(TargetInfo Target, bool Live)>> TargetsAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null, $"""
            select t.projection, t.target, t.position, t.fingerprint, t.as_of_sequence, t.as_of_time, t.built_at, l.target is not null
            from {_schema}.rm_targets t left join {_schema}.rm_live l on l.projection = t.projection and l.target = t.target
            order by t.projection, t.target
            """);
        var list = new List<(TargetInfo, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add((new TargetInfo(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)), reader.GetBoolean(7)));
        return list;
    }

    public async Task CreateTargetAsync(NpgsqlConnection c, NpgsqlTransaction tx, string projection, string target, long position, string fingerprint,
        long? asOfSequence, DateTimeOffset? asOfTime, CancellationToken ct)
    {
        await Execute(c, tx, $"delete from {_schema}.rm_rows where projection = @p and target = @t", ct, ("p", projection), ("t", target));
        await Execute(c, tx, $"delete from {_schema}.rm_targets where projection = @p and target = @t", ct, ("p", projection), ("t", target));
        await Execute(c, tx, $"""
            insert into {_schema}.rm_targets (projection, target, position, fingerprint, as_of_sequence, as_of_time, built_at, updated_at)
            values (@p, @t, @pos, @f, @s, @at, now(), now())
            """, ct, ("p", projection), ("t", target), ("pos", position), ("f", fingerprint), ("s", (object?)asOfSequence ?? DBNull.Value), ("at", (object?)asOfTime ?? DBNull.Value));
    }

    /// <summary>Replaces <paramref name="model"/>'s rows and position with those stored under the target.</summary>
    public async Task LoadAsync(NpgsqlConnection c, NpgsqlTransaction? tx, ReadModel model, string target, CancellationToken ct)
    {
        var info = await TargetAsync(c, tx, model.Name, target, ct) ?? throw new InvalidOperationException($"Read model '{model.Name}' has no target '{target}'.");
        model.Reset(info.Position);
        await using var command = Command(c, tx, $"select kind, key, data::text from {_schema}.rm_rows where projection = @p and target = @t", ("p", model.Name), ("t", target));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) model.Table(reader.GetString(0)).Load(reader.GetString(1), reader.GetString(2));
        foreach (var table in model.Tables) table.TakeChanges(); // loaded rows are not changes
    }

    /// <summary>Writes every row of a model into a target created empty in this transaction: one COPY, no upserts.</summary>
    public async Task SaveNewAsync(NpgsqlConnection c, NpgsqlTransaction tx, ReadModel model, string target, CancellationToken ct)
    {
        await using (var import = await c.BeginBinaryImportAsync($"copy {_schema}.rm_rows (projection, target, kind, key, data) from stdin (format binary)", ct))
        {
            foreach (var table in model.Tables)
            {
                table.TakeChanges(); // everything is written below; nothing is left to upsert
                foreach (var (key, json) in table.Serialized())
                {
                    await import.StartRowAsync(ct);
                    await import.WriteAsync(model.Name, NpgsqlDbType.Text, ct);
                    await import.WriteAsync(target, NpgsqlDbType.Text, ct);
                    await import.WriteAsync(table.Kind, NpgsqlDbType.Text, ct);
                    await import.WriteAsync(key, NpgsqlDbType.Text, ct);
                    await import.WriteAsync(json, NpgsqlDbType.Jsonb, ct);
                }
            }
            await import.CompleteAsync(ct);
        }
        await Execute(c, tx, $"update {_schema}.rm_targets set position = @pos, updated_at = now() where projection = @p and target = @t",
            ct, ("pos", model.Position), ("p", model.Name), ("t", target));
    }

    /// <summary>Writes the rows changed since the last save and the model's position.</summary>
    public async Task SaveChangesAsync(NpgsqlConnection c, NpgsqlTransaction tx, ReadModel model, string target, CancellationToken ct)
    {
        var upserts = new List<(string Kind, string Key, string Json)>();
        var deletes = new List<(string Kind, string Key)>();
        foreach (var table in model.Tables)
            foreach (var (key, json) in table.TakeChanges())
                if (json is null) deletes.Add((table.Kind, key));
                else upserts.Add((table.Kind, key, json));
        if (upserts.Count > 0)
        {
            await Execute(c, tx, "create temporary table if not exists rm_incoming (kind text, key text, data jsonb) on commit drop", ct);
            await Execute(c, tx, "truncate rm_incoming", ct);
            await using (var import = await c.BeginBinaryImportAsync("copy rm_incoming (kind, key, data) from stdin (format binary)", ct))
            {
                foreach (var (kind, key, json) in upserts)
                {
                    await import.StartRowAsync(ct);
                    await import.WriteAsync(kind, NpgsqlDbType.Text, ct);
                    await import.WriteAsync(key, NpgsqlDbType.Text, ct);
                    await import.WriteAsync(json, NpgsqlDbType.Jsonb, ct);
                }
                await import.CompleteAsync(ct);
            }
            await Execute(c, tx, $"""
                insert into {_schema}.rm_rows (projection, target, kind, key, data)
                select @p, @t, kind, key, data from rm_incoming
                on conflict (projection, target, kind, key) do update set data = excluded.data
                """, ct, ("p", model.Name), ("t", target));
        }
        if (deletes.Count > 0)
        {
            await Execute(c, tx, $"""
                delete from {_schema}.rm_rows r using unnest(@kinds, @keys) as d(kind, key)
                where r.projection = @p and r.target = @t and r.kind = d.kind and r.key = d.key
                """, ct, ("p", model.Name), ("t", target), ("kinds", deletes.Select(d => d.Kind).ToArray()), ("keys", deletes.Select(d => d.Key).ToArray()));
        }
        await Execute(c, tx, $"update {_schema}.rm_targets set position = @pos, updated_at = now() where projection = @p and target = @t",
            ct, ("pos", model.Position), ("p", model.Name), ("t", target));
    }

    /// <summary>Makes <paramref name="target"/> the one readers and the live subscription use.</summary>
    /// <remarks>From then on the target follows the log, so it no longer stands for an as-of point.</remarks>
    public Task MakeLiveAsync(NpgsqlConnection c, NpgsqlTransaction tx, string projection, string target, CancellationToken ct) =>
        Execute(c, tx, $"""
            insert into {_schema}.rm_live (projection, target, swapped_at) values (@p, @t, now())
            on conflict (projection) do update set target = excluded.target, swapped_at = excluded.swapped_at;
            update {_schema}.rm_targets set as_of_sequence = null, as_of_time = null where projection = @p and target = @t;
            """, ct, ("p", projection), ("t", target));

    public async Task DropTargetAsync(string projection, string target, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await LockAsync(c, tx, projection, ct);
        await using (var live = Command(c, tx, $"select 1 from {_schema}.rm_live where projection = @p and target = @t", ("p", projection), ("t", target)))
            if (await live.ExecuteScalarAsync(ct) is not null) throw new InvalidOperationException($"'{target}' is the live target of '{projection}'; swap another in first.");
        await Execute(c, tx, $"delete from {_schema}.rm_rows where projection = @p and target = @t", ct, ("p", projection), ("t", target));
        await Execute(c, tx, $"delete from {_schema}.rm_targets where projection = @p and target = @t", ct, ("p", projection), ("t", target));
        await tx.CommitAsync(ct);
    }

    /// <summary>Every row of one kind under a target, ordered by key (for readers and comparisons).</summary>
    public async Task<IReadOnlyList<(string Key, string Json)>> RowsAsync(string projection, string target, string kind, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null,
            $"select key, data::text from {_schema}.rm_rows where projection = @p and target = @t and kind = @k order by key collate \"C\"",
            ("p", projection), ("t", target), ("k", kind));
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>At most <paramref name="limit"/> rows of one kind whose key starts with <paramref name="keyPrefix"/> (a tenant's), ordered by key, filtered in SQL.</summary>
    public async Task<IReadOnlyList<string>> RowsAsync(string projection, string target, string kind, string keyPrefix, int limit, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null, $"""
            select data::text from {_schema}.rm_rows where projection = @p and target = @t and kind = @k and starts_with(key, @prefix)
            order by key collate "C" limit @n
            """, ("p", projection), ("t", target), ("k", kind), ("prefix", keyPrefix), ("n", limit));
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>One row's JSON under a target, or null.</summary>
    public async Task<string?> RowAsync(string projection, string target, string kind, string key, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null,
            $"select data::text from {_schema}.rm_rows where projection = @p and target = @t and kind = @k and key = @key",
            ("p", projection), ("t", target), ("k", kind), ("key", key));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task<string?> LiveTargetNameAsync(string projection, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null, $"select target from {_schema}.rm_live where projection = @p", ("p", projection));
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
