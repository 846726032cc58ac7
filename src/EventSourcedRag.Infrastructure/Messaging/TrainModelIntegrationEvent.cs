namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>Sent to the training queue after a training request is stored: "train what this request asks for".</summary>
/// <param name="Kind">The kind of model to train (messages sent before kinds existed carry none: a reranker).</param>
public sealed record TrainModelIntegrationEvent(string Tenant, Guid RequestId, long? AsOfSequence, string? CorrelationId, string? Kind = null);
