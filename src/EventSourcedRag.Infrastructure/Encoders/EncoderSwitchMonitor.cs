using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Encoders;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using Marten;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>
/// Drives each encoder switch in progress to its end, in the worker: finds the live chunks that have no vector under
/// the target, sends their documents to the embedding queue in pages (competing consumers embed them), and completes
/// the switch through <see cref="EncoderDecider"/> once none is missing and no version is mid-embedding. Queries are
/// served by the old encoder meanwhile; hosts change over when they reach the <see cref="EncoderSwitched"/> event.
/// </summary>
public sealed class EncoderSwitchMonitor(
    IDocumentStore store,
    TenantEncoders encoders,
    ChunkVectorStore vectors,
    IBus bus,
    IOptions<MessagingOptions> messaging,
    IOptions<StorageOptions> storage,
    IOptions<EncoderSwitchOptions> options,
    TimeProvider clock,
    ILogger<EncoderSwitchMonitor> logger) : BackgroundService
{
    public const string Actor = "system:encoder-switch";
    private readonly LiveChunkLedger _ledger = new();
    private readonly EventLogTail _tail = new(store, storage.Value, clock, logger);
    private readonly Dictionary<(string Tenant, string Target, Guid Document), DateTimeOffset> _sent = [];
    private readonly HashSet<string> _tenantsThatSwitched = new(StringComparer.Ordinal);
    private long _scannedTo;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await CheckAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { logger.LogWarning(ex, "Encoder switch check failed; retrying"); }
            try { await Task.Delay(options.Value.CheckInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One pass over every tenant with a switch in progress.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        // A start that commits a little below the scanned position (a slow transaction) is still found: the last 1,000 sequences are read again each time.
        var (started, scannedTo) = await encoders.TenantsThatStartedSwitchesAsync(Math.Max(0, _scannedTo - 1000), ct);
        _tenantsThatSwitched.UnionWith(started);
        _scannedTo = scannedTo;
        foreach (var tenant in _tenantsThatSwitched)
        {
            var (state, sequence) = await encoders.StateWithSequenceAsync(tenant, ct);
            if (!state.Switching) continue;
            // The ledger must include the switch's start: a version indexed before it may lack the target's vectors.
            await CatchUpAsync(sequence, ct);
            await AdvanceAsync(tenant, state.Target!, ct);
        }
    }

    private async Task AdvanceAsync(string tenant, string target, CancellationToken ct)
    {
        var live = _ledger.Live(tenant).ToList();
        var missing = await vectors.MissingAsync(tenant, target, live.SelectMany(d => d.Hashes).ToHashSet(StringComparer.Ordinal), ct);
        var liveChunks = live.Sum(d => (long)d.Hashes.Length);
        if (missing.Count == 0)
        {
            await CompleteAsync(tenant, target, liveChunks, _ledger.InFlight(tenant), ct);
            return;
        }
        var now = clock.GetUtcNow();
        var due = live.Where(d => d.Hashes.Any(missing.Contains))
            .Where(d => !_sent.TryGetValue((tenant, target, d.Document.DocumentId), out var at) || now - at >= options.Value.ResendAfter)
            .Select(d => d.Document).ToList();
        var endpoint = await bus.GetSendEndpoint(messaging.Value.SendAddress(messaging.Value.EmbedQueueName));
        foreach (var page in due.Chunk(options.Value.DocumentsPerMessage))
        {
            await endpoint.Send(new ReembedDocuments(tenant, target, page), ct);
            foreach (var document in page) _sent[(tenant, target, document.DocumentId)] = now;
        }
        logger.LogInformation("Encoder switch of {Tenant} to {Target}: {Missing} of {Live} live chunks still to embed; {Sent} documents sent",
            tenant, target, missing.Count, liveChunks, due.Count);
    }

    private async Task CompleteAsync(string tenant, string target, long liveChunks, int inFlight, CancellationToken ct)
    {
        try
        {
            await encoders.HandleAsync(tenant, new CompleteEncoderSwitch(target, liveChunks, 0, inFlight, clock.GetUtcNow()), Actor, ct);
            _sent.Keys.Where(k => k.Tenant == tenant).ToList().ForEach(k => _sent.Remove(k));
            logger.LogInformation("Encoder switch of {Tenant} to {Target} completed: {Live} live chunks have its vectors", tenant, target, liveChunks);
        }
        catch (DomainRuleViolated ex) when (ex.Code == "chunks_in_flight")
        {
            logger.LogInformation("Encoder switch of {Tenant} to {Target} waits: {Reason}", tenant, target, ex.Message);
        }
    }

    private async Task CatchUpAsync(long atLeast, CancellationToken ct)
    {
        while (true)
        {
            var from = _ledger.Position;
            var to = await _tail.SafeHighWaterMarkAsync(from, ct);
            if (to <= from)
            {
                if (from >= atLeast) return;
                await Task.Delay(100, ct); // a commit below the switch's start is still in flight
                continue;
            }
            foreach (var e in await _tail.ReadAsync(from, to, LiveChunkLedger.EventTypes, ct)) _ledger.Apply(e.TenantId, e.Sequence, e.Data);
            _ledger.Advance(to);
        }
    }
}
