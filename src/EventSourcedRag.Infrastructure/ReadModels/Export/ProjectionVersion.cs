namespace EventSourcedRag.Infrastructure.ReadModels.Export;

public sealed record ProjectionVersion(string Name, int Version, string Fingerprint);
