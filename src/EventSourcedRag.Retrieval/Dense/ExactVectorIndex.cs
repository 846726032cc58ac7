namespace EventSourcedRag.Retrieval.Dense;

/// <summary>Brute-force cosine search over unit vectors held by slot. Exact, and the reference any approximate index is measured against.</summary>
public sealed class ExactVectorIndex(int dimensions) : IVectorIndex
{
    private readonly List<float[]?> _vectors = [];

    public int Dimensions { get; } = dimensions;

    /// <summary>How many slots hold a vector.</summary>
    public int Count { get; private set; }

    public void Set(int slot, float[] vector)
    {
        if (vector.Length != Dimensions) throw new ArgumentException($"Expected {Dimensions} dimensions, got {vector.Length}.", nameof(vector));
        while (_vectors.Count <= slot) _vectors.Add(null);
        if (_vectors[slot] is null) Count++;
        _vectors[slot] = vector;
    }

    public void Remove(int slot)
    {
        if (slot >= _vectors.Count || _vectors[slot] is null) return;
        _vectors[slot] = null;
        Count--;
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Dimensions);
        w.Write(_vectors.Count);
        foreach (var v in _vectors)
        {
            w.Write(v is not null);
            if (v is not null) Snapshots.WriteFloats(w, v);
        }
    }

    public static ExactVectorIndex Read(BinaryReader r)
    {
        var index = new ExactVectorIndex(r.ReadInt32());
        var count = r.ReadInt32();
        for (var slot = 0; slot < count; slot++)
        {
            var vector = r.ReadBoolean() ? Snapshots.ReadFloats(r) : null;
            index._vectors.Add(vector);
            if (vector is not null) index.Count++;
        }
        return index;
    }

    /// <summary>Every stored vector with its slot, in slot order.</summary>
    public IEnumerable<(int Slot, float[] Vector)> All() =>
        _vectors.Select((v, slot) => (slot, v)).Where(x => x.v is not null).Select(x => (x.slot, x.v!));

    public List<(int Slot, double Score)> Search(float[] query, int k, Func<int, bool>? filter = null)
    {
        var scored = new List<KeyValuePair<int, double>>();
        for (var slot = 0; slot < _vectors.Count; slot++)
        {
            var v = _vectors[slot];
            if (v is null || (filter is not null && !filter(slot))) continue;
            scored.Add(KeyValuePair.Create(slot, (double)VectorMath.Dot(query, v)));
        }
        return TopK.Select(scored, k);
    }
}
