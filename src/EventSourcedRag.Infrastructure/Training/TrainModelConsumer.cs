using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// The training worker: takes a request off the queue, records that it started (only once, and never after a
/// cancellation), trains and gates the kind it asks for through <see cref="ModelTrainers"/>, and records how it ended. While it
/// trains it watches the request's stream, so a cancellation stops it before anything is stored.
/// </summary>
public sealed class TrainModelConsumer(ModelTrainers trainers, TrainingRequests requests, TimeProvider clock, ILogger<TrainModelConsumer> logger)
    : IConsumer<TrainModelIntegrationEvent>
{
    private static readonly TimeSpan CancellationPoll = TimeSpan.FromMilliseconds(250);

    public async Task Consume(ConsumeContext<TrainModelIntegrationEvent> context)
    {
        var m = context.Message;
        var metadata = new EventMetadata(m.Tenant, "worker:training", m.CorrelationId ?? m.RequestId.ToString("N"), m.RequestId.ToString("N"));
        var ct = context.CancellationToken;
        var started = await requests.HandleAsync(metadata, m.RequestId, new StartTraining(m.RequestId, Environment.MachineName, clock.GetUtcNow()), ct);
        if (started.Length == 0) return; // cancelled before it started, or already taken up

        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = WatchAsync(m.Tenant, m.RequestId, cancelled, ct);
        try
        {
            var asOf = m.AsOfSequence is { } sequence ? new AsOf(sequence, null) : AsOf.Head;
            var outcome = await trainers.TrainAsync(m.Kind ?? ModelKinds.Reranker, m.Tenant, asOf, "worker:training", cancelled.Token);
            await requests.HandleAsync(metadata, m.RequestId,
                new CompleteTraining(m.RequestId, outcome.ModelVersion, outcome.Verdict.Passed, outcome.TrainingSeconds, clock.GetUtcNow()), ct);
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            logger.LogInformation("Training {Request} was cancelled while running; nothing was stored", m.RequestId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DomainRuleViolated)
        {
            await requests.HandleAsync(metadata, m.RequestId, new FailTraining(m.RequestId, ex.Message, clock.GetUtcNow()), ct);
        }
        finally
        {
            await cancelled.CancelAsync();
            try { await watch; } catch (OperationCanceledException) { }
        }
    }

    private async Task WatchAsync(string tenant, Guid requestId, CancellationTokenSource cancelled, CancellationToken ct)
    {
        while (!cancelled.IsCancellationRequested)
        {
            await Task.Delay(CancellationPoll, cancelled.Token);
            if (await requests.StatusAsync(tenant, requestId, ct) == TrainingStatus.Cancelled)
            {
                await cancelled.CancelAsync();
                return;
            }
        }
    }
}
