using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>A question as a client asked it. Null TopK, Fusion and Retriever take the configured defaults.</summary>
public sealed record QueryRequest(string Text, int? TopK, string? Fusion, QueryFilters Filters, string? SessionId, string? UserId, string? Retriever = null);
