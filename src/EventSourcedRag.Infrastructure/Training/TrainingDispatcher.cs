using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using JasperFx.Events;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>Sends every stored training request to the training queue. A re-sent message is harmless: the request stream lets a training start once.</summary>
public sealed class TrainingDispatcher : QueueDispatcher
{
    public const string SubscriptionName = "training-dispatch";

    public TrainingDispatcher(IBus bus, IOptions<MessagingOptions> options, ILogger<TrainingDispatcher> logger) : base(SubscriptionName, bus, options, logger) => IncludeType<TrainingRequested>();

    protected override string QueueOf(MessagingOptions options) => options.TrainingQueueName;

    protected override object? MessageOf(IEvent e) => e.Data is TrainingRequested requested
        ? new TrainModelIntegrationEvent(e.TenantId, requested.RequestId, requested.AsOfSequence, e.CorrelationId, requested.Kind)
        : null;
}
