using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Microsoft.Extensions.Options;
using static EventSourcedRag.Infrastructure.Platform.EventStore.Sql;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>
/// Wraps every subject key still under the previous master key with the configured one, and records
/// <see cref="SubjectKeysRewrapped"/> in the same transaction. After it, the previous master key opens nothing in the
/// live database and can be destroyed; backups taken before then need it, so destroying it is what makes erasures
/// reach them (docs/compliance.md, "Backups").
/// </summary>
public sealed class MasterKeyRotation(SubjectKeys keys, EventSessions sessions, IOptions<StorageOptions> storage, TimeProvider clock)
{
    private readonly string _schema = storage.Value.Schema;

    public async Task<SubjectKeysRewrapped?> RewrapAsync(EventMetadata metadata, CancellationToken ct)
    {
        var previousId = keys.PreviousMasterKeyId ?? throw new Domain.DomainRuleViolated("previous_key_required",
            "Set Privacy:PreviousSubjectKeyMasterKey to the master key being replaced and Privacy:SubjectKeyMasterKey to the new one.");
        var (tenants, subjects, wrapped) = (new List<string>(), new List<string>(), new List<byte[]>());
        await using (var c = await OwnedTables.OpenAsync(storage.Value.ConnectionString, ct))
        await using (var command = Command(c, null, $"select tenant, subject, wrapped_key from {_schema}.subject_keys where wrapped_key is not null and master_key_id is distinct from @m",
                         ("m", keys.MasterKeyId)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                tenants.Add(reader.GetString(0));
                subjects.Add(reader.GetString(1));
                wrapped.Add(keys.Wrap(keys.Unwrap(reader.GetFieldValue<byte[]>(2))));
            }

        var rewrap = new RewrapSubjectKeys(previousId, keys.MasterKeyId, tenants.Count, clock.GetUtcNow());
        var events = await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata with { Tenant = storage.Value.DefaultTenant }), CheckpointKeys.CustodyStream,
            KeyCustodyState.None, KeyCustodyDecider.Evolve, s => KeyCustodyDecider.Decide(rewrap, s), ct,
            // Same transaction as the event. A key erased meanwhile (wrapped_key null) stays erased.
            beforeSave: (session, _) => session.QueueSqlCommand($"""
                update {_schema}.subject_keys k set wrapped_key = w.k, master_key_id = ?
                from unnest(?, ?, ?) as w(t, s, k) where k.tenant = w.t and k.subject = w.s and k.wrapped_key is not null
                """, keys.MasterKeyId, tenants.ToArray(), subjects.ToArray(), wrapped.ToArray()));
        return events.OfType<SubjectKeysRewrapped>().SingleOrDefault();
    }
}
