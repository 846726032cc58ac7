using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// Group commit for feedback. Submissions arriving together (single signals, and batches sent as one) are decided and
/// appended in one transaction by <see cref="FeedbackWriter"/>, each event carrying its own request's metadata; every
/// caller is answered only after that transaction commits. A submission is never split: a batch's accepted signals
/// commit together. Under light load a transaction holds one submission; under heavy load one commit (one WAL flush)
/// acknowledges hundreds. Submissions are partitioned by response, so one response is written by one partition and
/// batches of single signals never conflict with each other.
/// </summary>
/// <remarks>
/// Each partition holds at most its share of <see cref="FeedbackOptions.MaxQueuedSignals"/> signals waiting or being
/// written; beyond that a submission is refused at once (<see cref="FeedbackQueueFull"/>, a 503 with Retry-After), so
/// a store slower than the clients costs them a retry, not the host its memory.
/// </remarks>
public sealed class FeedbackBatcher : IAsyncDisposable
{
    public const int MaxSignalsPerCommit = 256;
    public const int Partitions = 4;
    private const int Attempts = 8;

    private readonly FeedbackWriter _writer;
    private readonly ILogger<FeedbackBatcher> _logger;
    private readonly Channel<Pending>[] _channels;
    private readonly int[] _queued = new int[Partitions];
    private readonly int _capacity;
    private readonly Task[] _loops;
    private volatile bool _closed;

    public FeedbackBatcher(FeedbackWriter writer, IOptions<FeedbackOptions> options, ILogger<FeedbackBatcher> logger)
    {
        (_writer, _logger) = (writer, logger);
        _capacity = Math.Max(1, options.Value.MaxQueuedSignals / Partitions);
        _channels = Enumerable.Range(0, Partitions)
            .Select(_ => Channel.CreateBounded<Pending>(new BoundedChannelOptions(_capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }))
            .ToArray();
        _loops = Enumerable.Range(0, Partitions).Select(p => Task.Run(() => RunAsync(p))).ToArray();
    }

    private sealed record Pending(string Tenant, IReadOnlyList<FeedbackItem> Items, TaskCompletionSource<FeedbackOutcome[]> Done);

    /// <summary>Decides and stores the items with the others in flight, in one transaction; one outcome per item.</summary>
    /// <exception cref="FeedbackQueueFull">The partition already holds its share of signals; nothing was queued.</exception>
    public Task<FeedbackOutcome[]> SubmitAsync(IReadOnlyList<FeedbackItem> items)
    {
        if (items.Count == 0) return Task.FromResult(Array.Empty<FeedbackOutcome>());
        if (_closed) throw new ObjectDisposedException(nameof(FeedbackBatcher));
        var tenant = items[0].Metadata.Tenant;
        if (items.Any(i => i.Metadata.Tenant != tenant)) throw new ArgumentException("A submission's signals are of one tenant.", nameof(items));
        var partition = (items[0].Command.ResponseId.GetHashCode() & int.MaxValue) % Partitions;

        // A submission alone in its partition is always taken, so a batch larger than the share is never refused for its size.
        var pending = new Pending(tenant, items, new TaskCompletionSource<FeedbackOutcome[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        var queued = Interlocked.Add(ref _queued[partition], items.Count);
        var full = queued > items.Count && queued > _capacity;
        if (full || !_channels[partition].Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queued[partition], -items.Count);
            throw _closed ? new ObjectDisposedException(nameof(FeedbackBatcher)) : new FeedbackQueueFull(TimeSpan.FromSeconds(1));
        }
        return pending.Done.Task;
    }

    private async Task RunAsync(int partition)
    {
        var reader = _channels[partition].Reader;
        var taken = new List<Pending>();
        while (await reader.WaitToReadAsync())
        {
            taken.Clear();
            var signals = 0;
            while (signals < MaxSignalsPerCommit && reader.TryRead(out var next))
            {
                taken.Add(next);
                signals += next.Items.Count;
            }
            foreach (var tenant in taken.GroupBy(p => p.Tenant, StringComparer.Ordinal))
                await WriteAsync(tenant.Key, tenant.ToList());
            Interlocked.Add(ref _queued[partition], -signals);
        }
    }

    private async Task WriteAsync(string tenant, List<Pending> submissions)
    {
        var items = submissions.SelectMany(s => s.Items).ToList();
        try
        {
            // Another process (or partition) writing to one of these responses meanwhile makes the commit a conflict: all are decided again on the new state.
            var outcomes = await Platform.EventStore.DeciderStore.RetryOnConflictAsync(ct => _writer.WriteAsync(tenant, items, ct), items[0].Command.ResponseId,
                CancellationToken.None, Attempts, FeedbackWriter.IsConflict);
            var offset = 0;
            foreach (var s in submissions)
            {
                s.Done.TrySetResult(outcomes[offset..(offset + s.Items.Count)]);
                offset += s.Items.Count;
            }
        }
        catch (Exception ex)
        {
            foreach (var s in submissions) s.Done.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        foreach (var c in _channels) c.Writer.TryComplete();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { _logger.LogWarning("Feedback still being written at shutdown"); }
    }
}
