namespace EventSourcedRag.Domain.Models;

/// <summary>Put a validated model in service for all of its tenant's traffic.</summary>
/// <param name="Replaces">The version serving until now, which this deployment retires (null: the untrained default).</param>
public sealed record DeployModel(string ModelVersion, string? Replaces, string Reason, DateTimeOffset Now);

/// <summary>Take a serving model out of service because another one replaced it.</summary>
public sealed record RetireModel(string ModelVersion, string ReplacedBy, DateTimeOffset Now);

/// <summary>Take a serving (or canary) model out of service; <paramref name="RestoredVersion"/> serves again ("default": the untrained default).</summary>
public sealed record RollBackModel(string ModelVersion, string RestoredVersion, string Reason, bool Automatic, DateTimeOffset Now);
