using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>How a replay compares with the response that was actually served.</summary>
/// <param name="SameResults">The same chunks at the same positions.</param>
/// <param name="FirstDifference">Where they first part, in words; null when they agree.</param>
/// <param name="Degraded">Stages the served response went without (a failed reranker or generator, a stale index),
/// which a replay with every stage working does not repeat: they explain a difference.</param>
/// <param name="Expansions">The words the served response's query expansion added (its <see cref="ResultsShown.Expansions"/>).</param>
public sealed record ServedComparison(bool SameResults, bool SameAnswer, string? FirstDifference, IReadOnlyList<ShownResult> Results, string Answer, ServingModel Model,
    IReadOnlyList<Degradation>? Degraded = null, IReadOnlyList<ExpansionApplied>? Expansions = null, ExploredResult? Explored = null);
