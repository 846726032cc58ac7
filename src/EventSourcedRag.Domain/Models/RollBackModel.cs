namespace EventSourcedRag.Domain.Models;

/// <summary>Take a serving (or canary) model out of service; <paramref name="RestoredVersion"/> serves again ("default": the untrained default).</summary>
public sealed record RollBackModel(string ModelVersion, string RestoredVersion, string Reason, bool Automatic, DateTimeOffset Now);
