namespace EventSourcedRag.Domain.Models;

/// <summary>
/// Give a model a share of its tenant's traffic, as an experiment's treatment moves through its stages: below 1 a
/// canary stage, 1 serving all of it (the promotion).
/// </summary>
public sealed record ShiftTraffic(string ModelVersion, double TrafficShare, string Reason, DateTimeOffset Now);
