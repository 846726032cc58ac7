using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Learning.Evaluation;

namespace EventSourcedRag.Cli.Learning;

/// <summary>
/// Judged queries ranked on the live index exactly as they would be served (deployed model, feedback priors as of
/// now), without storing anything, and scored against their judgements. The loop's test and seen-query
/// measurements, and the gate's benchmark split.
/// </summary>
public sealed class JudgedQueries(
    string name, IReadOnlyList<BeirQuery> queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels,
    QueryService service, string tenant, IReadOnlyDictionary<Guid, List<string>> beirIds) : IBenchmarkSplit
{
    private const int Depth = 10;

    public string Name => name;

    public int Count => queries.Count;

    public MetricSet Evaluate(CandidateModels? candidates = null) =>
        MetricSet.Of(queries.Select(q => (Ranked(q.Text, candidates), qrels[q.Id])).ToList());

    /// <summary>The BEIR ids of the documents a query's results come from, best first, each once.</summary>
    public IReadOnlyList<string> Ranked(string text, CandidateModels? candidates = null)
    {
        var hits = service.Rank(new QueryRequest(text, Depth, null, QueryFilters.None, null, null), tenant, candidates).Hits;
        return RankedIds(hits.Select(h => h.Chunk.DocumentId), beirIds);
    }

    public static IReadOnlyList<string> RankedIds(IEnumerable<Guid> documents, IReadOnlyDictionary<Guid, List<string>> beirIds)
    {
        var ranked = new List<string>();
        foreach (var document in documents)
            foreach (var id in beirIds.GetValueOrDefault(document, []))
                if (!ranked.Contains(id)) ranked.Add(id);
        return ranked;
    }
}
