namespace EventSourcedRag.Domain.Models;

/// <summary>Put a validated model in service for all of its tenant's traffic.</summary>
/// <param name="Replaces">The version serving until now, which this deployment retires (null: the untrained default).</param>
public sealed record DeployModel(string ModelVersion, string? Replaces, string Reason, DateTimeOffset Now);
