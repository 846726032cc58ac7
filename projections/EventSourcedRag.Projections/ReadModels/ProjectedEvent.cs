namespace EventSourcedRag.Projections.ReadModels;

/// <summary>One stored event as a read model sees it: its place in the global log, its stream, tenant, time, actor and data.</summary>
/// <param name="Sequence">Global sequence number in the event log; read models apply events in this order.</param>
/// <param name="Version">The event's version within its stream.</param>
/// <param name="Actor">Who caused it (the "actor" header), when recorded.</param>
public sealed record ProjectedEvent(long Sequence, Guid EventId, Guid StreamId, long Version, string Tenant, DateTimeOffset Timestamp, string? Actor, object Data);
