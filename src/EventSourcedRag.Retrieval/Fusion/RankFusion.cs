namespace EventSourcedRag.Retrieval.Fusion;

/// <summary>Merges ranked lists of (slot, score). Slots missing from a list contribute nothing from it.</summary>
public static class RankFusion
{
    /// <summary>Cormack, Clarke and Büttcher (2009): score = Σ weight / (k + rank), ranks from 1.</summary>
    public static Dictionary<int, double> Reciprocal(IReadOnlyList<(IReadOnlyList<(int Slot, double Score)> List, double Weight)> lists, int k = 60)
    {
        var fused = new Dictionary<int, double>();
        foreach (var (list, weight) in lists)
            for (var rank = 0; rank < list.Count; rank++)
                fused[list[rank].Slot] = fused.GetValueOrDefault(list[rank].Slot) + weight / (k + rank + 1);
        return fused;
    }

    /// <summary>Each list's scores min-max scaled to [0, 1] (all-equal lists scale to 1), then weighted and summed.</summary>
    public static Dictionary<int, double> Weighted(IReadOnlyList<(IReadOnlyList<(int Slot, double Score)> List, double Weight)> lists)
    {
        var fused = new Dictionary<int, double>();
        foreach (var (list, weight) in lists)
        {
            if (list.Count == 0) continue;
            var max = list.Max(x => x.Score);
            var min = list.Min(x => x.Score);
            var range = max - min;
            foreach (var (slot, score) in list)
                fused[slot] = fused.GetValueOrDefault(slot) + weight * (range > 0 ? (score - min) / range : 1.0);
        }
        return fused;
    }
}
