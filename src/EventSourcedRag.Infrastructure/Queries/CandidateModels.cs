using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>Models to rank with in place of the deployed ones (an experiment's treatment, a candidate the gate is judging); null: the deployed one.</summary>
public sealed record CandidateModels(IReranker? Reranker = null, IQueryAdapter? Adapter = null, IQueryExpander? Expander = null, PersonalSteering? Steering = null)
{
    public static readonly CandidateModels Deployed = new();
}
