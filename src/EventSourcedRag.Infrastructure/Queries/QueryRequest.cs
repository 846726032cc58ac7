using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>A question as a client asked it. Null TopK, Fusion and Retriever take the configured defaults.</summary>
/// <param name="UserHash">The asking user's keyed hash (<see cref="Privacy.UserHasher"/>), hashed once where the request
/// enters; null for an anonymous question. Raw user ids never reach the query side.</param>
public sealed record QueryRequest(string Text, int? TopK, string? Fusion, QueryFilters Filters, string? SessionId, string? UserHash, string? Retriever = null);
