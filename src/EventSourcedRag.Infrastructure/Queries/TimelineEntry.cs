namespace EventSourcedRag.Infrastructure.Queries;

public sealed record TimelineEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp, Guid EventId, string? CorrelationId, string? CausationId, string? Actor, string? Principal, object Data);
