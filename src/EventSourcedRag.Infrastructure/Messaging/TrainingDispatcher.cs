using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Configuration;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>
/// A Marten subscription that sends every stored training request to the training queue, after commit, as
/// <see cref="IngestionDispatcher"/> does for documents. A re-sent message is harmless: the request stream lets a
/// training start once.
/// </summary>
public sealed class TrainingDispatcher : SubscriptionBase
{
    public const string SubscriptionName = "training-dispatch";
    private readonly IBus _bus;
    private readonly IOptions<MessagingOptions> _options;

    public TrainingDispatcher(IBus bus, IOptions<MessagingOptions> options)
    {
        _bus = bus;
        _options = options;
        Name = SubscriptionName;
        IncludeType<TrainingRequested>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var endpoint = await _bus.GetSendEndpoint(options.SendAddress(options.TrainingQueueName));
        foreach (var e in page.Events)
            if (e.Data is TrainingRequested requested)
                await endpoint.Send(new TrainModelIntegrationEvent(e.TenantId, requested.RequestId, requested.AsOfSequence, e.CorrelationId, requested.Kind), cancellationToken);
        return NullChangeListener.Instance;
    }
}
