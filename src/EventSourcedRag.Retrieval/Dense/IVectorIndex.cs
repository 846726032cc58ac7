namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Maximum-inner-product search over unit vectors held by slot.</summary>
public interface IVectorIndex
{
    int Dimensions { get; }

    void Set(int slot, float[] vector);

    void Remove(int slot);

    /// <summary>The k most similar slots passing the filter, best first.</summary>
    List<(int Slot, double Score)> Search(float[] query, int k, Func<int, bool>? filter = null);
}
