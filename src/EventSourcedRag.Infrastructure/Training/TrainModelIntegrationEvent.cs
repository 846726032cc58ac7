using MassTransit;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>Sent to the training queue after a training request is stored: "train what this request asks for".</summary>
/// <param name="Kind">The kind of model to train (messages sent before kinds existed carry none: a reranker).</param>
// The name on the wire is the one it had under Messaging/: messages in flight and workers of the previous version still match.
[MessageUrn("EventSourcedRag.Infrastructure.Messaging:TrainModelIntegrationEvent")]
[EntityName("EventSourcedRag.Infrastructure.Messaging:TrainModelIntegrationEvent")]
public sealed record TrainModelIntegrationEvent(string Tenant, Guid RequestId, long? AsOfSequence, string? CorrelationId, string? Kind = null);
