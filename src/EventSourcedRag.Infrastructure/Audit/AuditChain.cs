using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;
using static EventSourcedRag.Infrastructure.Platform.EventStore.Sql;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>
/// A hash chain over the event log. Each committed event, in sequence order, gets a link: SHA-256 over the previous
/// link, the event's sequence, id, stream, version, type, tenant, timestamp, headers and payload exactly as stored,
/// so editing, deleting or reordering a stored event breaks every link from it on. Every
/// <see cref="AuditOptions.CheckpointEvery"/> events (and at the head of every pass) the link is signed with an ECDSA
/// key kept outside the database, so rewriting the events and the chain together is caught too. The chain covers
/// what is stored, ciphertext included: crypto-shredding a subject's key leaves it valid. Events removed by retention
/// keep their links, marked with the run that removed them; that run's <see cref="RetentionApplied"/> event (itself
/// chained) seals the exact set with a digest, so a removal by retention verifies and any other deletion does not.
/// </summary>
public sealed class AuditChain(IOptions<StorageOptions> storage, IOptions<AuditOptions> options, CheckpointKeys keys, TimeProvider clock)
{
    public const string Genesis = "genesis";
    private const int Batch = 5000;
    private readonly string _schema = storage.Value.Schema;
    private readonly OwnedTables _tables = new(storage.Value.ConnectionString, $"""
        create schema if not exists {storage.Value.Schema};
        create table if not exists {storage.Value.Schema}.audit_chain (seq_id bigint primary key, hash text not null, previous text not null, chained_at timestamptz not null);
        create table if not exists {storage.Value.Schema}.audit_checkpoints (seq_id bigint primary key, hash text not null, signature text not null, signed_at timestamptz not null);
        alter table {storage.Value.Schema}.audit_chain add column if not exists pruned_by uuid;
        alter table {storage.Value.Schema}.audit_checkpoints add column if not exists key_id text;
        """);

    /// <summary>The last event the chain covers (0: none yet).</summary>
    public async Task<long> ChainHeadAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return await ScalarAsync(c, $"select coalesce(max(seq_id), 0) from {_schema}.audit_chain", ct);
    }

    /// <summary>Chains every event committed up to <paramref name="upTo"/> (a position no commit in flight can land below); returns the events added.</summary>
    public async Task<int> ExtendAsync(long upTo, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var added = 0;
        while (true)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            // One writer at a time, whatever the number of workers.
            await Execute(c, tx, $"select pg_advisory_xact_lock(hashtext('{_schema}.audit_chain'))", ct);
            var (head, previous) = await HeadAsync(c, tx, ct);
            var events = await EventsAsync(c, tx, head, upTo, Batch, ct);
            if (events.Count == 0)
            {
                await tx.CommitAsync(ct);
                return added;
            }
            var sinceCheckpoint = await SinceCheckpointAsync(c, tx, head, ct);
            using var signer = keys.SigningKey();
            var keyId = CheckpointKeys.KeyId(signer);
            var (sequences, hashes, previousHashes) = (new long[events.Count], new string[events.Count], new string[events.Count]);
            for (var i = 0; i < events.Count; i++)
            {
                var link = Link(previous, events[i]);
                (sequences[i], hashes[i], previousHashes[i]) = (events[i].Sequence, link, previous);
                previous = link;
                if (++sinceCheckpoint >= options.Value.CheckpointEvery || i == events.Count - 1)
                {
                    await Execute(c, tx, $"insert into {_schema}.audit_checkpoints (seq_id, hash, signature, signed_at, key_id) values (@s, @h, @g, @t, @k) on conflict do nothing", ct,
                        ("s", events[i].Sequence), ("h", link), ("g", Sign(signer, events[i].Sequence, link)), ("t", clock.GetUtcNow()), ("k", keyId));
                    sinceCheckpoint = 0;
                }
            }
            // One statement per batch: the chain keeps up with bulk ingestion.
            await Execute(c, tx, $"insert into {_schema}.audit_chain (seq_id, hash, previous, chained_at) select s, h, p, @t from unnest(@s, @h, @p) as x(s, h, p)", ct,
                ("s", sequences), ("h", hashes), ("p", previousHashes), ("t", clock.GetUtcNow()));
            await tx.CommitAsync(ct);
            added += events.Count;
        }
    }

    /// <summary>
    /// Recomputes the chain from the stored events and compares it with the stored links and signed checkpoints;
    /// stops at the first problem and names its event. Events committed after the chain's head are counted, not judged.
    /// </summary>
    public async Task<AuditReport> VerifyAsync(CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var checkpoints = new Dictionary<long, (string Hash, string Signature, string? KeyId)>();
        await using (var command = Command(c, null, $"select seq_id, hash, signature, key_id from {_schema}.audit_checkpoints order by seq_id"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) checkpoints[reader.GetInt64(0)] = (reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        var trusted = await keys.TrustedAsync(ct);
        try
        {
            foreach (var (sequence, (hash, signature, keyId)) in checkpoints)
                if (!SignatureValid(trusted, keyId, sequence, hash, signature))
                    return new AuditReport(0, 0, 0, 0, new AuditProblem(sequence, "checkpoint_invalid", $"the checkpoint at event {sequence} does not carry a valid signature of a trusted key"));
        }
        finally
        {
            foreach (var key in trusted.Values) key.Dispose();
        }

        long checkedEvents = 0, head = 0;
        var previous = Genesis;
        var checkpointsChecked = 0;
        var links = Command(c, null, $"""
            select l.seq_id, l.hash, l.previous, e.seq_id is not null, e.seq_id, e.id, e.stream_id, e.version, e.type, e.tenant_id, e.timestamp::text, coalesce(e.headers::text, ''), e.data::text,
                   l.pruned_by
            from {_schema}.audit_chain l left join {_schema}.mt_events e on e.seq_id = l.seq_id order by l.seq_id
            """);
        var pruned = new Dictionary<Guid, List<(long Sequence, string Hash)>>();
        await using (links)
        await using (var reader = await links.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var sequence = reader.GetInt64(0);
                var (storedHash, storedPrevious) = (reader.GetString(1), reader.GetString(2));
                if (storedPrevious != previous)
                    return Report(new AuditProblem(sequence, "chain_broken", $"the link of event {sequence} does not follow the link before it"));
                string link;
                if (reader.GetBoolean(3)) link = Link(previous, Read(reader, 4));
                else if (reader.IsDBNull(13))
                    return Report(new AuditProblem(sequence, "deleted", $"event {sequence} was chained but is no longer stored"));
                else
                {
                    // Removed by retention: the stored link stands in for the event; the run's digest vouches for it below.
                    link = storedHash;
                    var run = reader.GetGuid(13);
                    if (!pruned.TryGetValue(run, out var removed)) pruned[run] = removed = [];
                    removed.Add((sequence, storedHash));
                }
                if (link != storedHash)
                    return Report(new AuditProblem(sequence, "altered", $"event {sequence} is not what was chained: its content, metadata or position changed"));
                if (checkpoints.TryGetValue(sequence, out var checkpoint))
                {
                    if (checkpoint.Hash != link)
                        return Report(new AuditProblem(sequence, "chain_broken", $"the chain at event {sequence} differs from its signed checkpoint"));
                    checkpointsChecked++;
                }
                previous = link;
                head = sequence;
                checkedEvents++;
            }
        }
        if (await RetentionProblemAsync(c, pruned, ct) is { } retention) return Report(retention);
        // Signed checkpoints beyond the surviving chain mean links were cut off its end.
        if (checkpoints.Keys.Where(s => s > head).Order().FirstOrDefault() is > 0 and var cut)
            return Report(new AuditProblem(cut, "deleted", $"the signed checkpoint at event {cut} is past the end of the stored chain"));
        var unchained = await ScalarAsync(c, $"select count(*) from {_schema}.mt_events where seq_id > @h", ct, null, ("h", head));
        return new AuditReport(checkedEvents, head, checkpointsChecked, unchained, null);

        AuditReport Report(AuditProblem problem) => new(checkedEvents, head, checkpointsChecked, 0, problem);
    }

    // Each retention run's removed links must be exactly the set its RetentionApplied event sealed.
    private async Task<AuditProblem?> RetentionProblemAsync(NpgsqlConnection c, Dictionary<Guid, List<(long Sequence, string Hash)>> pruned, CancellationToken ct)
    {
        if (pruned.Count == 0) return null;
        var sealedRuns = new Dictionary<Guid, (long Count, string Digest)>();
        await using (var command = Command(c, null, $"select data->>'runId', (data->>'eventsRemoved')::bigint, data->>'removedDigest' from {_schema}.mt_events where type = 'retention_applied'"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (Guid.TryParse(reader.GetString(0), out var id)) sealedRuns[id] = (reader.GetInt64(1), reader.GetString(2));
        foreach (var (run, links) in pruned.OrderBy(p => p.Value[0].Sequence))
        {
            var first = links[0].Sequence;
            if (!sealedRuns.TryGetValue(run, out var sealedRun))
                return new AuditProblem(first, "deleted", $"event {first} is marked as removed by retention run {run:N}, which the log does not record");
            if (sealedRun.Count != links.Count || sealedRun.Digest != RemovalDigest(links))
                return new AuditProblem(first, "deleted", $"the events marked as removed by retention run {run:N} are not the ones it recorded removing");
        }
        return null;
    }

    /// <summary>What a retention run seals: SHA-256 over "sequence:link" of each removed event, in sequence order.</summary>
    public static string RemovalDigest(IEnumerable<(long Sequence, string Hash)> links) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(links.OrderBy(l => l.Sequence)
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Sequence}:{l.Hash}\n"))))));

    /// <summary>
    /// The links of every event of the tenant's <paramref name="streams"/>, before retention removes them: each event
    /// must still match its link (retention must not launder an altered event), and all must be chained.
    /// </summary>
    public async Task<IReadOnlyList<(long Sequence, string Type, string Hash)>> LinksForRemovalAsync(string tenant, Guid[] streams, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null, $"""
            select l.seq_id, l.hash, l.previous, e.seq_id, e.id, e.stream_id, e.version, e.type, e.tenant_id, e.timestamp::text, coalesce(e.headers::text, ''), e.data::text
            from {_schema}.mt_events e left join {_schema}.audit_chain l on l.seq_id = e.seq_id
            where e.tenant_id = @t and e.stream_id = any(@s) order by e.seq_id
            """, ("t", tenant), ("s", streams));
        var links = new List<(long, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var stored = Read(reader, 3);
            if (reader.IsDBNull(0)) throw new InvalidOperationException($"Event {stored.Sequence} is not chained yet; retention removes only chained events.");
            if (Link(reader.GetString(2), stored) != reader.GetString(1))
                throw new InvalidDataException($"Event {stored.Sequence} does not match its audit chain link; run 'esrag audit verify' before retention removes anything.");
            links.Add((stored.Sequence, stored.Type, reader.GetString(1)));
        }
        return links;
    }

    /// <summary>SQL (Marten's "?" placeholders: run id, sequences) that marks links as removed by a retention run, for the run's own transaction.</summary>
    public string MarkRemovedSql => $"update {_schema}.audit_chain set pruned_by = ? where seq_id = any(?)";

    private sealed record StoredEvent(long Sequence, Guid Id, Guid Stream, long Version, string Type, string Tenant, string Timestamp, string Headers, string Data);

    // The exact text each field is stored as; PostgreSQL prints jsonb and timestamptz canonically.
    private static string Link(string previous, StoredEvent e)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{previous}\n{e.Sequence}\n{e.Id:N}\n{e.Stream:N}\n{e.Version}\n{e.Type}\n{e.Tenant}\n{e.Timestamp}\n{e.Headers}\n{e.Data}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static StoredEvent Read(NpgsqlDataReader r, int offset) => new(
        r.GetInt64(offset), r.GetGuid(offset + 1), r.GetGuid(offset + 2), r.GetInt64(offset + 3), r.GetString(offset + 4), r.GetString(offset + 5),
        r.GetString(offset + 6), r.GetString(offset + 7), r.GetString(offset + 8));

    private async Task<List<StoredEvent>> EventsAsync(NpgsqlConnection c, NpgsqlTransaction tx, long after, long upTo, int limit, CancellationToken ct)
    {
        await using var command = Command(c, tx, $"""
            select seq_id, id, stream_id, version, type, tenant_id, timestamp::text, coalesce(headers::text, ''), data::text
            from {_schema}.mt_events where seq_id > @a and seq_id <= @u order by seq_id limit {limit}
            """, ("a", after), ("u", upTo));
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(Read(reader, 0));
        return events;
    }

    private async Task<(long Head, string Hash)> HeadAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = Command(c, tx, $"select seq_id, hash from {_schema}.audit_chain order by seq_id desc limit 1");
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, Genesis);
    }

    private async Task<int> SinceCheckpointAsync(NpgsqlConnection c, NpgsqlTransaction tx, long head, CancellationToken ct)
    {
        var last = await ScalarAsync(c, $"select coalesce(max(seq_id), 0) from {_schema}.audit_checkpoints", ct, tx: tx);
        return (int)Math.Min(int.MaxValue, await ScalarAsync(c, $"select count(*) from {_schema}.audit_chain where seq_id > @l", ct, tx, ("l", last)));
    }

    private byte[] Payload(long sequence, string hash) => Encoding.UTF8.GetBytes($"{_schema}\n{sequence.ToString(CultureInfo.InvariantCulture)}\n{hash}");

    private string Sign(ECDsa key, long sequence, string hash) =>
        Convert.ToBase64String(key.SignData(Payload(sequence, hash), HashAlgorithmName.SHA256));

    /// <summary>Checked with the key the checkpoint names; checkpoints from before key ids were recorded, with any trusted key.</summary>
    private bool SignatureValid(IReadOnlyDictionary<string, ECDsa> trusted, string? keyId, long sequence, string hash, string signature)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(signature); }
        catch (FormatException) { return false; }
        var candidates = keyId is null ? trusted.Values : trusted.TryGetValue(keyId, out var key) ? [key] : [];
        return candidates.Any(k => k.VerifyData(Payload(sequence, hash), bytes, HashAlgorithmName.SHA256));
    }

    private Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => _tables.OpenAsync(ct);

    private static async Task<long> ScalarAsync(NpgsqlConnection c, string sql, CancellationToken ct, NpgsqlTransaction? tx = null, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await Scalar(c, tx, sql, ct, parameters), CultureInfo.InvariantCulture);
}
