using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>The arm of a tenant's running experiment a query is served by, and the model that arm brings.</summary>
public sealed record Arm(IReranker? Reranker, IQueryAdapter? Adapter, string? ExperimentId, string? Variant, int? Stage, string? Unit,
    IQueryExpander? Expander = null, PersonalSteering? Steering = null)
{
    public static readonly Arm None = new(null, null, null, null, null, null);

    /// <summary>The models to serve with in place of the deployed ones.</summary>
    public CandidateModels Models => new(Reranker, Adapter, Expander, Steering);
}
