using EventSourcedRag.Domain.Queries;

namespace EventSourcedRag.Infrastructure.Audit;

/// <param name="IndexPosition">The last event the rebuilt search index includes.</param>
/// <param name="ServingPosition">The last event the rebuilt deployed models, experiments and feedback priors include.</param>
/// <param name="Served">For a replay of a stored response: how the recomputed response compares with it.</param>
/// <param name="Expansions">The words the query expansion serving at that point adds to the question: why a document without the question's words was found.</param>
/// <param name="Degraded">Stages the replay itself went without (its generator failed or timed out now).</param>
/// <param name="Explored">The result the replay explored, by the served response's recorded policy and id: why a lower-ranked chunk was shown.</param>
public sealed record ReplayedQuery(Guid? ResponseId, string Text, QueryParameters Parameters, long IndexPosition, long ServingPosition,
    ServingModel Model, string Answer, IReadOnlyList<Citation> Citations, IReadOnlyList<ReplayedResult> Results, ServedComparison? Served,
    IReadOnlyList<Degradation>? Degraded = null, IReadOnlyList<ExpansionApplied>? Expansions = null, ExploredResult? Explored = null);
