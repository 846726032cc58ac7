using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using static EventSourcedRag.Infrastructure.Platform.EventStore.Sql;

namespace EventSourcedRag.Infrastructure.Retention;

/// <summary>
/// Applies <see cref="RetentionPolicy"/>: removes the query streams whose time has come, each batch in one transaction
/// with its <see cref="RetentionApplied"/> event and the marks on its audit-chain links, then rebuilds every read model
/// without them. Only chained events are removed, each checked against its link first, so retention can neither hide a
/// tampered event nor leave the chain unverifiable.
/// </summary>
public sealed class RetentionJob(
    AuditChain chain,
    EventLogReader log,
    EventSessions sessions,
    ReadModelRebuilder rebuilder,
    IOptions<StorageOptions> storage,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionJob> logger)
{
    private const int StreamsPerRun = 2000;
    private static readonly string[] QueryStarts = ["query_received", "query_failed"];
    private static readonly string[] FeedbackTypes = EventTypes.Feedback.Select(EventNames.OfType).ToArray();
    private readonly string _schema = storage.Value.Schema;

    private sealed record ExpiredStream(string Tenant, Guid Stream, DateTimeOffset AskedAt, bool HasFeedback);

    /// <param name="now">The moment the windows are measured back from (the clock's now unless given).</param>
    public async Task<IReadOnlyList<RetentionRun>> ApplyAsync(EventMetadata actor, DateTimeOffset? now, CancellationToken ct)
    {
        var at = now ?? clock.GetUtcNow();
        if (RetentionPolicy.EarliestCutoff(options.Value.Windows, at) is not { } earliest) return [];
        // One pass at a time across workers and the CLI: two passes would remove the same streams twice and mark
        // their links with two runs. Unlocked explicitly: a pooled connection keeps its session (and lock) when closed.
        await using var guard = await OpenAsync(ct);
        if (await Scalar(guard, null, $"select pg_try_advisory_lock(hashtext('{_schema}.retention'))", ct) is not true)
        {
            logger.LogInformation("Another retention pass is running; this one does nothing");
            return [];
        }
        try { return await PassAsync(actor, at, earliest, ct); }
        finally { await Scalar(guard, null, $"select pg_advisory_unlock(hashtext('{_schema}.retention'))", CancellationToken.None); }
    }

    private async Task<IReadOnlyList<RetentionRun>> PassAsync(EventMetadata actor, DateTimeOffset at, DateTimeOffset earliest, CancellationToken ct)
    {
        var windows = options.Value.Windows;
        // Chain what has committed first, so that a pass from the CLI (no worker chaining) can remove it too.
        await chain.ExtendAsync(await log.SafeHeadAsync(ct), ct);
        var candidates = await CandidatesAsync(earliest, await chain.ChainHeadAsync(ct), ct);
        var runs = new List<RetentionRun>();
        var expired = candidates
            .Select(s => (Stream: s, Category: RetentionPolicy.Expired(s.AskedAt, s.HasFeedback, windows, at)))
            .Where(x => x.Category is not null)
            .GroupBy(x => (x.Stream.Tenant, Category: x.Category!));
        foreach (var group in expired)
        {
            var cutoff = at - (group.Key.Category == RetentionPolicy.Queries ? windows.Queries : windows.Feedback)!.Value;
            foreach (var batch in group.Select(x => x.Stream.Stream).Chunk(StreamsPerRun))
                runs.Add(await RemoveAsync(group.Key.Tenant, group.Key.Category, cutoff, batch, actor, ct));
        }
        if (runs.Count > 0)
        {
            await rebuilder.RebuildAllAsync($"retention-{clock.GetUtcNow().ToUnixTimeMilliseconds()}", ct);
            logger.LogInformation("Retention removed {Events} events of {Streams} query streams in {Runs} runs", runs.Sum(r => r.Applied.EventsRemoved),
                runs.Sum(r => r.Applied.StreamsRemoved), runs.Count);
        }
        return runs;
    }

    private async Task<RetentionRun> RemoveAsync(string tenant, string category, DateTimeOffset cutoff, Guid[] streams, EventMetadata actor, CancellationToken ct)
    {
        var links = await chain.LinksForRemovalAsync(tenant, streams, ct);
        var sequences = links.Select(l => l.Sequence).ToArray();
        var runId = Guid.CreateVersion7();
        var command = new RecordRetentionRun(runId, category, cutoff, streams.Length, sequences, links.Select(l => l.Type).ToList(),
            AuditChain.RemovalDigest(links.Select(l => (l.Sequence, l.Hash))), clock.GetUtcNow());
        await using (var schema = sessions.OpenRead(tenant))
        {
            await schema.Database.EnsureStorageExistsAsync(typeof(Feedback.FeedbackLedger), ct);
            await schema.Database.EnsureStorageExistsAsync(typeof(Feedback.FeedbackKeyClaim), ct);
        }
        // The record, the removal and the marks on the chain commit together or not at all.
        var stored = await DeciderStore.HandleAsync(() => sessions.OpenWrite(actor with { Tenant = tenant }), runId, (RetentionApplied?)null, RetentionDecider.Evolve,
            state => RetentionDecider.Decide(command, state), ct, beforeSave: (session, _) =>
            {
                session.QueueSqlCommand(chain.MarkRemovedSql, runId, sequences);
                session.QueueSqlCommand($"delete from {_schema}.mt_events where seq_id = any(?)", sequences);
                session.QueueSqlCommand($"delete from {_schema}.mt_streams where tenant_id = ? and id = any(?)", tenant, streams);
                // The feedback decider's stored state goes with its streams; a client's idempotency keys are the client's data.
                session.QueueSqlCommand($"delete from {_schema}.mt_doc_feedbackledger where tenant_id = ? and id = any(?)", tenant, streams);
                session.QueueSqlCommand($"delete from {_schema}.mt_doc_feedbackkeyclaim where tenant_id = ? and response_id = any(?)", tenant, streams);
            });
        var applied = (RetentionApplied)stored.Single();
        return new RetentionRun(tenant, applied);
    }

    // Query streams whose question is older than the earliest cutoff and whose every event is chained already.
    private async Task<List<ExpiredStream>> CandidatesAsync(DateTimeOffset earliest, long chainHead, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null, $"""
            select q.tenant_id, q.stream_id, q.timestamp,
                   exists (select 1 from {_schema}.mt_events f where f.tenant_id = q.tenant_id and f.stream_id = q.stream_id and f.type = any(@feedback)),
                   (select max(a.seq_id) from {_schema}.mt_events a where a.tenant_id = q.tenant_id and a.stream_id = q.stream_id)
            from {_schema}.mt_events q
            where q.type = any(@starts) and q.timestamp < @cutoff
            order by q.seq_id
            """, ("feedback", FeedbackTypes), ("starts", QueryStarts), ("cutoff", earliest));
        var found = new List<ExpiredStream>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (reader.GetInt64(4) <= chainHead)
                found.Add(new ExpiredStream(reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3)));
        return found;
    }

    private Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => OwnedTables.OpenAsync(storage.Value.ConnectionString, ct);
}
