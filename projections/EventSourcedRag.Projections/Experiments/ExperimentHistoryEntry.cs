namespace EventSourcedRag.Projections.Experiments;

/// <param name="Detail">The share of a stage, the action of an evaluation, or the outcome.</param>
/// <param name="Statistics">The figures an evaluation rested on.</param>
public sealed record ExperimentHistoryEntry(
    long Sequence, string Type, DateTimeOffset At, string? Actor, int Stage, string Detail, string Reason, Dictionary<string, double>? Statistics);
