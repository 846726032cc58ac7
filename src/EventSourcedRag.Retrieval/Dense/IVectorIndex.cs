namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Maximum-inner-product search over unit vectors held by slot.</summary>
public interface IVectorIndex
{
    int Dimensions { get; }

    void Set(int slot, float[] vector);

    /// <summary>Indexes many vectors, in the given order; an index may build them in parallel, with the same result every time.</summary>
    void SetMany(IReadOnlyList<int> slots, IReadOnlyList<float[]> vectors)
    {
        for (var i = 0; i < slots.Count; i++) Set(slots[i], vectors[i]);
    }

    void Remove(int slot);

    /// <summary>The k most similar slots passing the filter, best first.</summary>
    List<(int Slot, double Score)> Search(float[] query, int k, Func<int, bool>? filter = null);
}
