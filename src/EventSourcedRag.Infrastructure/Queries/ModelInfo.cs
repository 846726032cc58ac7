using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Queries;

/// <param name="QueryExpansion">The query-expansion model that served, if any, and the words it added to the question.</param>
/// <param name="PersonalSteering">The personal-steering model that steered this user's question, if any.</param>
public sealed record ModelInfo(string Retriever, string EmbeddingModel, string? Reranker, string Generator, long IndexPosition, string? QueryAdapter = null,
    string? QueryExpansion = null, IReadOnlyList<ExpansionApplied>? Expansions = null, ExploredResult? Explored = null, string? PersonalSteering = null);
