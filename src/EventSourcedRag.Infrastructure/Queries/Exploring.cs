using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>A response to explore in, by its id, under a policy.</summary>
public sealed record Exploring(Guid ResponseId, ExplorationPolicy Policy);
