namespace EventSourcedRag.Projections.Queries;

public sealed record LoggedEvent(long Sequence, long Version, string Type, DateTimeOffset At, string? Actor);
