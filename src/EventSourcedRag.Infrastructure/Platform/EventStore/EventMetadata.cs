namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>Who and what caused a write: stamped on every event of the session that writes it.</summary>
/// <param name="Actor">Hashed identity of the user or the system component acting.</param>
/// <param name="CorrelationId">Ties together everything done for one request or job.</param>
/// <param name="CausationId">The message or event that caused this write, when there is one.</param>
/// <param name="Principal">The credential the request came with (an API key or a token subject), when it differs from the actor.</param>
public sealed record EventMetadata(string Tenant, string Actor, string CorrelationId, string? CausationId = null, string? Principal = null);
