using EventSourcedRag.Retrieval.Fusion;

namespace EventSourcedRag.Retrieval.Search;

public sealed partial class ChunkCollection
{
    // Remembered chunks that are still live and pass the request's filter, by slot. Held under the read lock.
    private Dictionary<int, double> RememberedLocked(SearchRequest request, Func<int, bool>? filter)
    {
        var remembered = new Dictionary<int, double>();
        if (request.Remembered is not { Count: > 0 } chunks || request.Mode is RetrieverMode.Bm25 or RetrieverMode.Dense) return remembered;
        foreach (var chunk in chunks)
            if (_byChunk.TryGetValue(chunk.ChunkId, out var slot) && _slots[slot] is not null && (filter is null || filter(slot)))
                remembered.TryAdd(slot, chunk.Score);
        return remembered;
    }

    // The memory is a third list in fusion. Under weighted fusion its scores are taken as they are, not min-max
    // scaled: they are already in (0, 1] and mean the same from query to query, and scaling would give the weakest
    // remembered chunk nothing. Under RRF it adds by rank, as the retrievers do.
    private void AddRemembered(Dictionary<int, double> fused, Dictionary<int, double> remembered, FusionMethod fusion, double weight)
    {
        var rank = 0;
        foreach (var (slot, score) in remembered.OrderByDescending(p => p.Value).ThenBy(p => p.Key))
            fused[slot] = fused.GetValueOrDefault(slot) + (fusion == FusionMethod.Rrf ? weight / (Settings.RrfK + ++rank) : weight * score);
    }
}
