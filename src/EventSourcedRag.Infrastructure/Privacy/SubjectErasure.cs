using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Options;
using Npgsql;
using static EventSourcedRag.Infrastructure.Platform.EventStore.Sql;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>
/// Erases a data subject of one tenant: destroys their key, so every sealed field of theirs is unreadable at once, and
/// records <see cref="SubjectErased"/> with the models trained on a log that held their data flagged for retraining,
/// in the same commit. Derived data forgets them in the worker (<see cref="ErasureSubscription"/>), not in the request.
/// Repeating it is safe: the key stays destroyed and nothing is recorded twice.
/// </summary>
public sealed class SubjectErasure(SubjectKeys keys, EventSessions sessions, UserHasher hasher, IOptions<StorageOptions> storage, TimeProvider clock)
{
    /// <summary>
    /// Erases a user of a tenant by the id the app sends: their hash in the tenant and, when they left events under it,
    /// the hash written before hashes were keyed per tenant.
    /// </summary>
    public async Task<ErasureReport> EraseUserAsync(string tenant, string userId, string reason, EventMetadata metadata, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > 256) throw new Domain.DomainRuleViolated("invalid_subject", "The subject id is 1 to 256 characters.");
        var report = await EraseAsync(tenant, hasher.Hash(tenant, userId), reason, metadata, ct);
        var legacy = hasher.LegacyHash(userId);
        if (await EventsOfSubjectAsync(tenant, legacy, ct) == 0) return report;
        var old = await EraseAsync(tenant, legacy, reason, metadata, ct);
        return report with
        {
            EventsOfSubject = report.EventsOfSubject + old.EventsOfSubject,
            ModelsFlagged = report.ModelsFlagged.Union(old.ModelsFlagged).ToList(),
            ReadModelsPending = report.ReadModelsPending || old.ReadModelsPending,
        };
    }

    private readonly string _schema = storage.Value.Schema;

    public async Task<ErasureReport> EraseAsync(string tenant, string subject, string reason, EventMetadata metadata, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new Domain.DomainRuleViolated("reason_required", "Say why (the request reference), for the auditor.");
        if (subject == UserHasher.Anonymous) throw new Domain.DomainRuleViolated("invalid_subject", "Name the user id to erase.");
        await keys.DestroyAsync(tenant, subject, ct);

        var (events, firstSequence) = await SubjectFootprintAsync(tenant, subject, ct);
        var streamId = StreamOf(tenant, subject);
        var trainedOnSubject = firstSequence is { } first ? await ModelsTrainedSinceAsync(tenant, first, ct) : [];
        var command = new EraseSubject(subject, reason, trainedOnSubject, clock.GetUtcNow());
        var recorded = await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata with { Tenant = tenant }), streamId, (SubjectErased?)null,
            ErasureDecider.Evolve, state => ErasureDecider.Decide(command, state), ct);
        var already = recorded.Length == 0;
        var flagged = recorded.OfType<ModelFlaggedForRetraining>().Select(f => f.ModelVersion).ToList();
        long? erasedAt;
        await using (var read = sessions.OpenRead(tenant))
            erasedAt = (await read.Events.FetchStreamAsync(streamId, token: ct)).FirstOrDefault(e => e.Data is SubjectErased)?.Sequence;

        return new ErasureReport(subject, already, events, flagged, ReadModelsPending: !already && events > 0, erasedAt);
    }

    /// <summary>How many events of the tenant's log were written by or for the subject.</summary>
    public async Task<long> EventsOfSubjectAsync(string tenant, string subject, CancellationToken ct) => (await SubjectFootprintAsync(tenant, subject, ct)).Count;

    /// <summary>The stream of one subject's erasure: derived from tenant and subject, so a repeat finds it.</summary>
    public static Guid StreamOf(string tenant, string subject) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"subject|{tenant}|{subject}")).AsSpan(0, 16));

    private async Task<(long Count, long? First)> SubjectFootprintAsync(string tenant, string subject, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null,
            $"select count(*), min(seq_id) from {_schema}.mt_events where tenant_id = @t and (headers->>'actor' = @s or data->>'userHash' = @s)", ("t", tenant), ("s", subject));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    /// <summary>Models whose training log reached the subject's first event: conservative, since a model records its as-of point, not its rows.</summary>
    private async Task<IReadOnlyList<string>> ModelsTrainedSinceAsync(string tenant, long firstSequence, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var command = Command(c, null,
            $"select data->>'modelVersion' from {_schema}.mt_events where tenant_id = @t and type = 'model_trained' and (data->>'asOfSequence')::bigint >= @first order by seq_id",
            ("t", tenant), ("first", firstSequence));
        var versions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) versions.Add(reader.GetString(0));
        return versions;
    }

    private Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => OwnedTables.OpenAsync(storage.Value.ConnectionString, ct);
}
