using EventSourcedRag.Learning.Expansion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>Serves a trained query-expansion model (<see cref="QueryExpansionModel"/>) from its artifact's bytes.</summary>
public sealed class LearnedQueryExpander(string version, QueryExpansionModel model) : IQueryExpander, IDisposable
{
    public LearnedQueryExpander(string version, byte[] artifact) : this(version, QueryExpansionModel.FromBytes(artifact))
    {
    }

    public string Version => version;

    public QueryExpansionModel Model => model;

    public double DenseMinWeight => model.DenseMinWeight;

    public IReadOnlyList<QueryExpansion> Expand(IReadOnlyList<string> queryTerms, Func<string, bool> inCorpus) =>
        model.Expand(queryTerms, inCorpus).Select(e => new QueryExpansion(e.From, e.Term, e.Surface, e.Weight)).ToList();

    // Nothing unmanaged is held; disposable only because every served model is.
    public void Dispose()
    {
    }
}
