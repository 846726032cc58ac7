namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>The stored response cannot be replayed: its subject was erased, so its question no longer exists.</summary>
public sealed class ReplayUnavailable(string message) : Exception(message);
