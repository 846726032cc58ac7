using System.Threading.Channels;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.EventStore;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// Group commit for feedback. Signals arriving together are decided against their responses' streams (read in one
/// round trip) and appended in one transaction, each event carrying its own request's metadata; every caller is
/// answered only after that transaction commits. Under light load a batch is one signal and costs what a single
/// append costs; under heavy load one commit (one WAL flush) acknowledges hundreds. Signals are partitioned by
/// response, so one stream is only ever written by one partition and batches never conflict with each other.
/// </summary>
public sealed class FeedbackBatcher : IAsyncDisposable
{
    public const int MaxBatch = 256;
    public const int Partitions = 4;

    private readonly IDocumentStore _store;
    private readonly EventSessions _sessions;
    private readonly ILogger<FeedbackBatcher> _logger;
    private readonly Channel<Pending>[] _channels;
    private readonly Task[] _loops;

    public FeedbackBatcher(IDocumentStore store, EventSessions sessions, ILogger<FeedbackBatcher> logger)
    {
        (_store, _sessions, _logger) = (store, sessions, logger);
        _channels = Enumerable.Range(0, Partitions).Select(_ => Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
        _loops = _channels.Select(c => Task.Run(() => RunAsync(c.Reader))).ToArray();
    }

    private sealed record Pending(RecordFeedback Command, EventMetadata Metadata, Func<object[], object[]> Seal, TaskCompletionSource<object[]> Done);

    /// <summary>Decides and stores one signal with the others in flight; returns the events stored (none for a repeat).</summary>
    public Task<object[]> RecordAsync(RecordFeedback command, EventMetadata metadata, Func<object[], object[]> seal)
    {
        var pending = new Pending(command, metadata, seal, new TaskCompletionSource<object[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        var partition = (command.ResponseId.GetHashCode() & int.MaxValue) % Partitions;
        if (!_channels[partition].Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(FeedbackBatcher));
        return pending.Done.Task;
    }

    private async Task RunAsync(ChannelReader<Pending> reader)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
            foreach (var tenant in batch.GroupBy(p => p.Metadata.Tenant, StringComparer.Ordinal))
            {
                var items = tenant.ToList();
                try { await WriteAsync(tenant.Key, items); }
                catch (Exception ex) when (DeciderStore.IsConflict(ex))
                {
                    // Another process appended to one of these responses meanwhile: decide each signal again on its own.
                    foreach (var item in items.Where(i => !i.Done.Task.IsCompleted)) await WriteAloneAsync(item);
                }
                catch (Exception ex)
                {
                    foreach (var item in items) item.Done.TrySetException(ex);
                }
            }
        }
    }

    private async Task WriteAsync(string tenant, List<Pending> items)
    {
        await using var session = _store.LightweightSession(tenant);
        var streams = items.Select(i => i.Command.ResponseId).Distinct().ToList();
        var batch = session.CreateBatchQuery();
        var reads = streams.Select(id => (id, batch.Events.FetchStream(id))).ToList();
        await batch.Execute();

        var state = new Dictionary<Guid, (QueryState? State, long Version, List<IEvent> New)>();
        foreach (var (id, read) in reads)
        {
            var (folded, version) = DeciderStore.Fold(await read, (QueryState?)null, QueryDecider.Evolve);
            state[id] = (folded, version, []);
        }

        var decided = new List<(Pending Item, object[] Events)>(items.Count);
        foreach (var item in items)
        {
            var id = item.Command.ResponseId;
            var (current, version, appended) = state[id];
            object[] events;
            try { events = item.Seal(QueryDecider.Decide(item.Command, current)); }
            catch (Exception ex)
            {
                item.Done.TrySetException(ex); // a bad signal fails alone
                continue;
            }
            foreach (var e in events)
            {
                current = QueryDecider.Evolve(current, e);
                appended.Add(Stamped(session, e, item.Metadata));
            }
            state[id] = (current, version, appended);
            decided.Add((item, events));
        }

        foreach (var (id, (_, version, appended)) in state)
            if (appended.Count > 0) session.Events.Append(id, version + appended.Count, appended.Cast<object>().ToArray());
        if (decided.Any(d => d.Events.Length > 0)) await session.SaveChangesAsync();
        foreach (var (item, events) in decided) item.Done.TrySetResult(events);
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

    private async Task WriteAloneAsync(Pending item)
    {
        try
        {
            var events = await DeciderStore.HandleAsync(() => _sessions.OpenWrite(item.Metadata), item.Command.ResponseId, (QueryState?)null,
                QueryDecider.Evolve, state => item.Seal(QueryDecider.Decide(item.Command, state)), CancellationToken.None);
            item.Done.TrySetResult(events);
        }
        catch (Exception ex) { item.Done.TrySetException(ex); }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _channels) c.Writer.TryComplete();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { _logger.LogWarning("Feedback still being written at shutdown"); }
    }
}
