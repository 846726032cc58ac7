namespace EventSourcedRag.Projections.Models;

/// <param name="Detail">The stage, verdict or reason the event carried.</param>
public sealed record ModelHistoryEntry(long Sequence, string Type, DateTimeOffset At, string? Actor, string Detail);
