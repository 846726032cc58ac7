using MassTransit;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>Sent to the embedding queue after a version's chunks are stored: "embed these chunks and mark the version indexed".</summary>
// The name on the wire is the one it had under Messaging/: messages in flight and workers of the previous version still match.
[MessageUrn("EventSourcedRag.Infrastructure.Messaging:DocumentChunkedIntegrationEvent")]
[EntityName("EventSourcedRag.Infrastructure.Messaging:DocumentChunkedIntegrationEvent")]
public sealed record DocumentChunkedIntegrationEvent(string Tenant, Guid DocumentId, int Version, long EventSequence, string? CorrelationId);
