namespace EventSourcedRag.Infrastructure.ReadModels.Export;

public sealed record ExportedFile(string Name, long Bytes, string Sha256);
