namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

public sealed class UnknownReadModel(string name, IEnumerable<string> known)
    : ArgumentException($"Unknown projection '{name}'; known: {string.Join(", ", known)}.");
