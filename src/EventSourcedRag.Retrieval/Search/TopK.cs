namespace EventSourcedRag.Retrieval;

/// <summary>Selects the best k scored slots with a bounded heap: higher score first, lower slot on ties, so results are deterministic.</summary>
public static class TopK
{
    public static List<(int Slot, double Score)> Select(IEnumerable<KeyValuePair<int, double>> scored, int k)
    {
        if (k <= 0) return [];
        // The heap's root is the worst kept candidate.
        var heap = new PriorityQueue<(int Slot, double Score), (double Score, int NegSlot)>();
        foreach (var (slot, score) in scored)
        {
            var priority = (score, -slot);
            if (heap.Count < k) heap.Enqueue((slot, score), priority);
            else if (Better(priority, heap.TryPeek(out _, out var worst) ? worst : default))
                heap.EnqueueDequeue((slot, score), priority);
        }
        var result = new List<(int, double)>(heap.Count);
        while (heap.Count > 0) result.Add(heap.Dequeue());
        result.Reverse();
        return result;
    }

    private static bool Better((double Score, int NegSlot) a, (double Score, int NegSlot) b) =>
        a.Score > b.Score || (a.Score == b.Score && a.NegSlot > b.NegSlot);

    public static List<(int Slot, double Score)> Select(Dictionary<int, double> scored, int k) => Select((IEnumerable<KeyValuePair<int, double>>)scored, k);
}
