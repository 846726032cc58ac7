namespace EventSourcedRag.Domain.Serving;

/// <summary>Claim the tenant's one experiment slot for an experiment that is starting.</summary>
public sealed record OpenExperiment(string Tenant, Guid ExperimentId, string ModelKind, DateTimeOffset Now);
