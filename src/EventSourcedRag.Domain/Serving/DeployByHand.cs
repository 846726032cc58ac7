namespace EventSourcedRag.Domain.Serving;

/// <summary>Put a model in service by hand for all of its kind's traffic (the model's own stream decides whether it may serve).</summary>
/// <param name="Replaces">The version serving until now, retired in the same commit (null: the untrained default).</param>
public sealed record DeployByHand(string Tenant, string ModelKind, string ModelVersion, string? Replaces, DateTimeOffset Now);
