using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Search;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Keeps this host's serving state (<see cref="FeedbackPriors"/> and <see cref="ServingModels"/>) in step with the
/// event log by polling it, as the search index does. Every API replica runs one, so a deployment or a rollback
/// reaches every replica within a poll interval, from the log alone. Events are read as projections read them
/// (<see cref="EventLogReader"/>): sealed query text opened, so priors are keyed by the text queries are looked up
/// by, and erased subjects left out; when a <see cref="SubjectErased"/> arrives the priors are folded again
/// without that subject, as the stored read models are; likewise after a <see cref="RetentionApplied"/>.
/// </summary>
public sealed class ServingStateFeeder(
    IDocumentStore store,
    FeedbackPriors priors,
    ServingModels models,
    ModelArtifactStore artifacts,
    EventLogReader log,
    SubjectKeys keys,
    IOptions<StorageOptions> storage,
    IOptions<RetrievalOptions> retrieval,
    TimeProvider clock,
    ILogger<ServingStateFeeder> logger) : BackgroundService
{
    private static readonly Type[] EventTypes = [.. FeedbackPriors.EventTypes.Concat(ServingModels.EventTypes).Append(typeof(SubjectErased)).Append(typeof(RetentionApplied)).Distinct()];
    private readonly EventLogTail _tail = new(store, storage.Value, clock, logger);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _position;

    /// <summary>The last event sequence applied.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Applies every event committed so far and loads newly deployed models; returns the position reached.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                var from = Position;
                var to = await _tail.SafeHighWaterMarkAsync(from, ct);
                if (to <= from) break;
                var logChanged = false;
                await foreach (var page in log.ReadAsync(from, to, EventTypes, ct))
                    foreach (var e in page)
                    {
                        priors.Apply(e.Tenant, e.Data);
                        models.Apply(e.Tenant, e.Data);
                        logChanged |= e.Data is SubjectErased or RetentionApplied;
                    }
                if (logChanged) await RefoldPriorsAsync(to, ct);
                Interlocked.Exchange(ref _position, to);
            }
            foreach (var (version, error) in await models.InstallAsync(artifacts, keys, ct))
                logger.LogError(error, "Deployed model {Version} cannot be loaded; the default reranker serves instead", version);
            return Position;
        }
        finally { _gate.Release(); }
    }

    // The log changed under the priors (an erasure, or retention removed old streams). The erasure's key was
    // destroyed before its event was appended, but this host may hold an older list of erased subjects: read it
    // afresh, then fold every prior again from the start of the log.
    private async Task RefoldPriorsAsync(long to, CancellationToken ct)
    {
        keys.ForgetErased();
        priors.Reset();
        await foreach (var page in log.ReadAsync(0, to, FeedbackPriors.EventTypes, ct))
            foreach (var e in page) priors.Apply(e.Tenant, e.Data);
        logger.LogInformation("Feedback priors folded again up to event {Position} after an erasure or retention", to);
    }

    /// <summary>Waits until every event up to <paramref name="sequence"/> is applied.</summary>
    public async Task WaitForAsync(long sequence, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (await CatchUpAsync(ct) < sequence)
        {
            if (clock.GetUtcNow() > deadline) throw new TimeoutException($"Serving state did not reach event {sequence} within {timeout}.");
            await Task.Delay(50, ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Serving state catch-up failed; retrying");
            }
            try { await Task.Delay(retrieval.Value.IndexPollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
