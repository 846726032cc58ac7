namespace EventSourcedRag.Retrieval.Dense;

// The graph's snapshot form: vectors, links and the level generator's position, so a reload continues alike.
public sealed partial class HnswIndex
{
    public void Write(BinaryWriter w)
    {
        w.Write(_entry);
        w.Write(_topLevel);
        w.Write(Count);
        w.Write(_levelDraws);
        _vectors.Write(w);
        w.Write(_links.Count);
        foreach (var levels in _links)
        {
            w.Write(levels?.Length ?? -1);
            foreach (var level in levels ?? [])
            {
                w.Write(level.Length);
                foreach (var n in level) w.Write(n);
            }
        }
    }

    public static HnswIndex Read(BinaryReader r, HnswParameters parameters)
    {
        var (entry, topLevel, count, draws) = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64());
        var vectors = QuantizedVectors.Read(r);
        var index = new HnswIndex(vectors.Dimensions, parameters) { _vectors = vectors, _entry = entry, _topLevel = topLevel, Count = count, _levelDraws = draws };
        for (long i = 0; i < draws; i++) index._random.NextDouble();
        var slots = r.ReadInt32();
        for (var s = 0; s < slots; s++)
        {
            var levels = r.ReadInt32();
            if (levels < 0)
            {
                index._links.Add(null);
                continue;
            }
            var links = new int[levels][];
            for (var l = 0; l < levels; l++)
            {
                links[l] = new int[r.ReadInt32()];
                for (var j = 0; j < links[l].Length; j++) links[l][j] = r.ReadInt32();
            }
            index._links.Add(links);
        }
        return index;
    }
}
