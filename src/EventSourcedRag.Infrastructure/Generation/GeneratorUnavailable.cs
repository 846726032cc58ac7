namespace EventSourcedRag.Infrastructure.Generation;

/// <summary>The generator's circuit is open: no call was made.</summary>
public sealed class GeneratorUnavailable(string message) : Exception(message);
