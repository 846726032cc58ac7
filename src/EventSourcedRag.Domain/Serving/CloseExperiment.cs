namespace EventSourcedRag.Domain.Serving;

/// <summary>Free the tenant's experiment slot because the experiment holding it ended.</summary>
public sealed record CloseExperiment(string Tenant, Guid ExperimentId, string Outcome, DateTimeOffset Now);
