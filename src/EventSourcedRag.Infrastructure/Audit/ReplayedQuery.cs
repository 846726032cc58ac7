using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Answering;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using Marten;
using Microsoft.Extensions.Options;

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
