using MassTransit;

namespace EventSourcedRag.Infrastructure.Ingestion;

/// <summary>Sent to the ingestion queue after a document version's events are stored: "extract, chunk and index this".</summary>
// The name on the wire is the one it had under Messaging/: messages in flight and workers of the previous version still match.
[MessageUrn("EventSourcedRag.Infrastructure.Messaging:DocumentAcceptedIntegrationEvent")]
[EntityName("EventSourcedRag.Infrastructure.Messaging:DocumentAcceptedIntegrationEvent")]
public sealed record DocumentAcceptedIntegrationEvent(string Tenant, Guid DocumentId, int Version, long EventSequence, string? CorrelationId);
