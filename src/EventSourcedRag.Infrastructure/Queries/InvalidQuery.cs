namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>A request that cannot be answered as given (empty text, bad parameters).</summary>
public sealed class InvalidQuery(string message) : Exception(message);
