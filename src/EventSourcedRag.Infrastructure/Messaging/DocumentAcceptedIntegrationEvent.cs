namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>Sent to the ingestion queue after a document version's events are stored: "extract, chunk and index this".</summary>
public sealed record DocumentAcceptedIntegrationEvent(string Tenant, Guid DocumentId, int Version, long EventSequence, string? CorrelationId);
