namespace EventSourcedRag.Infrastructure.TrainingSets;

public sealed record ProjectionVersion(string Name, int Version, string Fingerprint);
