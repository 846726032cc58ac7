namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>How a running experiment routes a tenant's queries: the treatment's share at the current stage.</summary>
public sealed record ExperimentRoute(
    Guid ExperimentId, string Kind, string? Control, string Treatment, string Unit, string Salt, int Stage, double TreatmentShare);
