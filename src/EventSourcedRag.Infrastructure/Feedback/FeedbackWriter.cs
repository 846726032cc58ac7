using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// Decides a group of signals of one tenant and stores what they decide in one transaction. The state of each response
/// comes from its <see cref="FeedbackLedger"/> and the claims of the keys being decided, read with the stream's version
/// in one round trip: rows in proportion to the signals decided, never to the signals already on a response. The signals
/// are decided and appended by <see cref="DeciderStore"/>'s batch path, each event at the version the ledger was read
/// at, so a writer that raced ahead makes the commit fail as a conflict
/// and the group is decided again on the new state.
/// </summary>
public sealed class FeedbackWriter(IDocumentStore store)
{
    private long _eventsFolded;

    /// <summary>
    /// Stream events folded to bring ledgers level since this writer was made: once per response that had none, then
    /// nothing while its ledger keeps up. The measure that deciding a signal does not read the stream.
    /// </summary>
    public long EventsFolded => Interlocked.Read(ref _eventsFolded);

    /// <summary>
    /// A commit lost to another writer: an expected version passed, a key claimed meanwhile, or a deadlock or
    /// serialization failure between two groups touching the same responses. Decide the group again.
    /// </summary>
    public static bool IsConflict(Exception ex)
    {
        if (DeciderStore.IsConflict(ex) || ex is DocumentAlreadyExistsException) return true;
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: "40P01" or "40001" }) return true;
        return false;
    }

    /// <returns>One outcome per item, in order; throws (storing nothing) when the transaction fails.</returns>
    public async Task<FeedbackOutcome[]> WriteAsync(string tenant, IReadOnlyList<FeedbackItem> items, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenant);
        var (responses, rebuilt) = await LoadAsync(session, items, ct);

        var decided = DeciderStore.DecideEach(items, item => responses[item.Command.ResponseId],
            (item, state) => item.Seal(QueryDecider.Decide(item.Command, state)), QueryDecider.Evolve,
            (item, e) => Stamped(session, e, item.Metadata));
        var outcomes = decided.Select(d => new FeedbackOutcome(d.Events, d.Refusal)).ToArray();
        for (var i = 0; i < items.Count; i++)
            if (outcomes[i].Stored) session.Insert(FeedbackKeyClaim.For(items[i].Command.ResponseId, items[i].Command.FeedbackKey));

        // A response that does not exist (in this tenant) refused every signal and has nothing to store.
        var changed = responses.Values.Where(r => r.State is not null && (r.Decided.Count > 0 || rebuilt.Contains(r.StreamId)))
            .OrderBy(r => r.StreamId).ToList();
        DeciderStore.Queue(session, changed);
        foreach (var response in changed) session.Store(FeedbackLedger.Of(response.State!, response.NextVersion));
        if (changed.Count > 0) await session.SaveChangesAsync(ct);
        return outcomes;
    }

    // One round trip for every response's stream version and ledger and every key's claim; a second only for ledgers
    // missing or behind their stream, which fold the events after them (and claim the keys those carry).
    // Responses whose ledger was missing or behind are "rebuilt": their ledger is stored even when no signal is.
    private async Task<(Dictionary<Guid, StreamBatch<QueryState?>> Responses, HashSet<Guid> Rebuilt)> LoadAsync(
        IDocumentSession session, IReadOnlyList<FeedbackItem> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.Command.ResponseId).Distinct().ToList();
        var batch = session.CreateBatchQuery();
        var reads = ids.Select(id => (Id: id, Stream: batch.Events.FetchStreamState(id), Ledger: batch.Load<FeedbackLedger>(id))).ToList();
        var claims = batch.LoadMany<FeedbackKeyClaim>().ByIdList(items.Select(i => FeedbackKeyClaim.IdOf(i.Command.ResponseId, i.Command.FeedbackKey)).Distinct());
        await batch.Execute(ct);
        var seen = (await claims).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var responses = new Dictionary<Guid, StreamBatch<QueryState?>>(ids.Count);
        var rebuilt = new HashSet<Guid>();
        foreach (var (id, streamRead, ledgerRead) in reads)
        {
            var (stream, ledger) = (await streamRead, await ledgerRead);
            var keys = items.Where(i => i.Command.ResponseId == id && seen.Contains(FeedbackKeyClaim.IdOf(id, i.Command.FeedbackKey)))
                .Select(i => i.Command.FeedbackKey);
            if (stream is null) responses[id] = new StreamBatch<QueryState?>(id, null, 0); // no such response (in this tenant): every signal is refused
            else if (ledger is not null && ledger.Version == stream.Version) responses[id] = new StreamBatch<QueryState?>(id, ledger.ToState(keys), ledger.Version);
            else
            {
                responses[id] = await CatchUpAsync(session, id, ledger is not null && ledger.Version < stream.Version ? ledger : null, keys, ct);
                if (responses[id].State is not null) rebuilt.Add(id);
            }
        }
        return (responses, rebuilt);
    }

    private async Task<StreamBatch<QueryState?>> CatchUpAsync(IDocumentSession session, Guid id, FeedbackLedger? ledger, IEnumerable<string> keys, CancellationToken ct)
    {
        var from = ledger?.Version ?? 0;
        var tail = await session.Events.FetchStreamAsync(id, fromVersion: from + 1, token: ct);
        Interlocked.Add(ref _eventsFolded, tail.Count);
        var state = ledger?.ToState(keys);
        foreach (var e in tail)
        {
            state = QueryDecider.Evolve(state, e.Data);
            // Keys stored before the ledger reached them get their claims now (an upsert: some may exist already).
            if (e.Data is Domain.Feedback.IFeedbackEvent f) session.Store(FeedbackKeyClaim.For(id, f.FeedbackKey));
        }
        return new StreamBatch<QueryState?>(id, state, tail.Count == 0 ? from : tail[^1].Version);
    }

    // Each event carries the metadata of the request that caused it, as a session of its own would stamp it.
    private static IEvent Stamped(IDocumentSession session, object data, EventMetadata metadata)
    {
        var e = session.Events.BuildEvent(data);
        e.CorrelationId = metadata.CorrelationId;
        e.CausationId = metadata.CausationId;
        e.UserName = metadata.Actor;
        foreach (var (name, value) in EventSessions.Headers(metadata)) e.SetHeader(name, value);
        return e;
    }
}
