namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>Sent to the training queue after a training request is stored: "train what this request asks for".</summary>
public sealed record TrainModelIntegrationEvent(string Tenant, Guid RequestId, long? AsOfSequence, string? CorrelationId);
