using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Projections.Training;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Held-out responses replayed against the documents their lists showed, scored by what those users chose: how a
/// first-stage model (query adapter, query expansion) would have ordered what users actually judged. Clicks can
/// only judge chunks that were shown, so the replay ranks exactly the served list's documents: a retrieval over the
/// whole index would count every chunk a candidate newly brings in as irrelevant, and the serving model, whose list
/// it is, would keep a recall of 1 by construction. Each choice weighs by the inverse of its position's examination
/// propensity (<see cref="ClickMetrics"/>): users click where the serving model put things, and scored as plain
/// judgements those clicks would favour the serving order over every candidate. Whether what a candidate newly
/// brings in is any good is for the benchmark split to judge, when one is configured.
/// </summary>
public sealed class HeldOutReplay(QueryService queries, SearchIndexes indexes)
{
    public sealed record Item(AdapterQuery Query, IReadOnlyList<Guid> Documents, int Shown);

    /// <summary>Each held-out response with the documents its list showed (those still in the index).</summary>
    public IReadOnlyList<Item> Items(string tenant, IReadOnlyList<AdapterQuery> heldOut, ServedListsProjection served)
    {
        var collection = indexes.For(tenant);
        var items = new List<Item>();
        foreach (var q in heldOut)
        {
            if (served.Lists.Find(ServedListsProjection.KeyOf(tenant, q.ResponseId)) is not { Rows.Count: > 0 } list) continue;
            var documents = list.Rows.Select(r => collection.Find(r.ChunkId)?.DocumentId).OfType<Guid>().Distinct().ToList();
            if (documents.Count > 0) items.Add(new Item(q, documents, list.Rows.Count));
        }
        return items;
    }

    /// <summary>Hybrid retrieval without a rerank or priors, filtered to the shown documents: the first stage's own effect on their order.</summary>
    public MetricSet Score(string tenant, IReadOnlyList<Item> items, CandidateModels? candidates) =>
        ClickMetrics.Of(items.Select(r =>
        {
            var filters = QueryFilters.None with { DocumentIds = [.. r.Documents] };
            // Without the feedback priors: they are folded from these very choices, and would put the chosen documents
            // first for candidate and serving model alike, whatever either does.
            var hits = queries.Rank(new QueryRequest(r.Query.Query, r.Shown, null, filters, null, null, Retriever: "hybrid"), tenant, candidates, withPriors: false,
                user: r.Query.User).Hits;
            IReadOnlyList<string> ranked = hits.Select(h => h.Chunk.ChunkId.ToString("N")).ToList();
            IReadOnlyDictionary<string, double> clicks = r.Query.Positives.ToDictionary(p => p.Key.ToString("N"), p => p.Value);
            return (ranked, clicks);
        }).ToList());
}
