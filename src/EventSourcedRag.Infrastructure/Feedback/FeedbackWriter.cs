using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.EventStore;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// Decides a group of signals of one tenant and stores what they decide in one transaction. The state of each response
/// comes from its <see cref="FeedbackLedger"/> and the claims of the keys being decided, read with the stream's version
/// in one round trip: rows in proportion to the signals decided, never to the signals already on a response. Each event
/// is appended at the version the ledger was read at, so a writer that raced ahead makes the commit fail as a conflict
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
        var responses = await LoadAsync(session, items, ct);

        var outcomes = new FeedbackOutcome[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var response = responses[item.Command.ResponseId];
            try
            {
                var events = item.Seal(QueryDecider.Decide(item.Command, response.State));
                foreach (var e in events)
                {
                    response.State = QueryDecider.Evolve(response.State, e);
                    response.Appended.Add(Stamped(session, e, item.Metadata));
                }
                if (events.Length > 0) session.Insert(FeedbackKeyClaim.For(item.Command.ResponseId, item.Command.FeedbackKey));
                outcomes[i] = new FeedbackOutcome(events, null);
            }
            catch (Exception ex)
            {
                outcomes[i] = FeedbackOutcome.Refused(ex); // a bad signal fails alone
            }
        }

        // Streams in one order in every transaction, so two groups sharing responses wait for each other rather than deadlock.
        var changed = false;
        foreach (var (id, response) in responses.OrderBy(r => r.Key))
        {
            if (response.State is null) continue;
            if (response.Appended.Count > 0)
                session.Events.Append(id, response.Version + response.Appended.Count, response.Appended.Cast<object>().ToArray());
            if (response.Appended.Count > 0 || response.Rebuilt)
            {
                session.Store(FeedbackLedger.Of(response.State, response.Version + response.Appended.Count));
                changed = true;
            }
        }
        if (changed) await session.SaveChangesAsync(ct);
        return outcomes;
    }

    private sealed class Response(QueryState? state, long version, bool rebuilt)
    {
        public QueryState? State { get; set; } = state;
        public long Version { get; } = version;
        public bool Rebuilt { get; } = rebuilt;
        public List<IEvent> Appended { get; } = [];
    }

    // One round trip for every response's stream version and ledger and every key's claim; a second only for ledgers
    // missing or behind their stream, which fold the events after them (and claim the keys those carry).
    private async Task<Dictionary<Guid, Response>> LoadAsync(IDocumentSession session, IReadOnlyList<FeedbackItem> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.Command.ResponseId).Distinct().ToList();
        var batch = session.CreateBatchQuery();
        var reads = ids.Select(id => (Id: id, Stream: batch.Events.FetchStreamState(id), Ledger: batch.Load<FeedbackLedger>(id))).ToList();
        var claims = batch.LoadMany<FeedbackKeyClaim>().ByIdList(items.Select(i => FeedbackKeyClaim.IdOf(i.Command.ResponseId, i.Command.FeedbackKey)).Distinct());
        await batch.Execute(ct);
        var seen = (await claims).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var responses = new Dictionary<Guid, Response>(ids.Count);
        foreach (var (id, streamRead, ledgerRead) in reads)
        {
            var (stream, ledger) = (await streamRead, await ledgerRead);
            var keys = items.Where(i => i.Command.ResponseId == id && seen.Contains(FeedbackKeyClaim.IdOf(id, i.Command.FeedbackKey)))
                .Select(i => i.Command.FeedbackKey);
            if (stream is null) responses[id] = new Response(null, 0, rebuilt: false); // no such response (in this tenant): every signal is refused
            else if (ledger is not null && ledger.Version == stream.Version) responses[id] = new Response(ledger.ToState(keys), ledger.Version, rebuilt: false);
            else responses[id] = await CatchUpAsync(session, id, ledger is not null && ledger.Version < stream.Version ? ledger : null, keys, ct);
        }
        return responses;
    }

    private async Task<Response> CatchUpAsync(IDocumentSession session, Guid id, FeedbackLedger? ledger, IEnumerable<string> keys, CancellationToken ct)
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
        return new Response(state, tail.Count == 0 ? from : tail[^1].Version, rebuilt: state is not null);
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
