using EventSourcedRag.Infrastructure.Platform.EventStore;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>
/// Extends the audit chain in the worker as events commit. It only chains up to a position no commit in flight can
/// land below (<see cref="EventLogTail.SafeHighWaterMarkAsync"/>), so the chain's order is the log's order for good.
/// </summary>
public sealed class AuditChainWriter(
    AuditChain chain, IDocumentStore store, IOptions<StorageOptions> storage, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditChainWriter> logger)
    : BackgroundService
{
    private readonly EventLogTail _tail = new(store, storage.Value, clock, logger);

    /// <summary>Chains everything committed so far; returns the chain's head.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        var head = await chain.ChainHeadAsync(ct);
        while (true)
        {
            var to = await _tail.SafeHighWaterMarkAsync(head, ct);
            if (to <= head) return head;
            await chain.ExtendAsync(to, ct);
            head = to;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await CatchUpAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Extending the audit chain failed; the next pass tries again");
            }
            try { await Task.Delay(options.Value.ChainInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
