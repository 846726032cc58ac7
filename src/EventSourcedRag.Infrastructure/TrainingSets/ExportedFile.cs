namespace EventSourcedRag.Infrastructure.TrainingSets;

public sealed record ExportedFile(string Name, long Bytes, string Sha256);
