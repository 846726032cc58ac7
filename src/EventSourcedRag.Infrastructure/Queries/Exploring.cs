using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>A response to explore in, by its id, under a policy.</summary>
public sealed record Exploring(Guid ResponseId, ExplorationPolicy Policy);
