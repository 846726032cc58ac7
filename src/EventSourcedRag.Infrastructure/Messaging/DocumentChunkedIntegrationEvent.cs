namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>Sent to the embedding queue after a version's chunks are stored: "embed these chunks and mark the version indexed".</summary>
public sealed record DocumentChunkedIntegrationEvent(string Tenant, Guid DocumentId, int Version, long EventSequence, string? CorrelationId);
