using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Retrieval.Search;

// Binary snapshot of a collection, so a restarted host loads its index instead of replaying every event and
// re-fitting or re-embedding. Slot numbers are kept (graph links refer to them), so a loaded collection
// answers exactly as the one that was written.
public sealed partial class ChunkCollection
{
    private const byte DenseNone = 0, DenseLsa = 1, DenseFixed = 2;
    private const byte VectorsExact = 0, VectorsHnsw = 1;

    public void Write(BinaryWriter w)
    {
        CompleteNotedFit(); // a snapshot holds no pending fit: a restored host could not compute it from what it holds
        _lock.EnterReadLock();
        try
        {
            w.Write(Position);
            w.Write(_slots.Count);
            foreach (var chunk in _slots)
            {
                w.Write(chunk is not null);
                if (chunk is not null) WriteChunk(w, chunk);
            }
            if (_pending is not null) throw new InvalidOperationException("A dense fit is being computed; write the snapshot once it is done.");
            w.Write(_fitPoints.Declared);
            w.Write(_fitPoints.LiveAtLast);
            w.Write(_fitPoints.ChangedSinceLast);
            w.Write(_fitPosition.HasValue);
            w.Write(_fitPosition ?? 0);
            var dense = embedder is not null ? DenseFixed : _encoder is not null ? DenseLsa : DenseNone;
            w.Write(dense);
            if (dense == DenseLsa) _encoder!.Write(w);
            if (dense == DenseFixed) w.Write(embedder!.Version);
            if (dense != DenseNone)
            {
                w.Write(_vectors is not null);
                if (_vectors is HnswIndex hnsw)
                {
                    w.Write(VectorsHnsw);
                    hnsw.Write(w);
                }
                else if (_vectors is ExactVectorIndex exact)
                {
                    w.Write(VectorsExact);
                    exact.Write(w);
                }
            }
        }
        finally { _lock.ExitReadLock(); }
    }

    public static ChunkCollection Read(BinaryReader r, RetrievalSettings settings, IEmbedder? embedder)
    {
        var collection = new ChunkCollection(settings, embedder);
        var position = r.ReadInt64();
        var slots = new IndexedChunk?[r.ReadInt32()];
        for (var i = 0; i < slots.Length; i++) slots[i] = r.ReadBoolean() ? ReadChunk(r) : null;
        collection.Restore(slots, position);
        collection._fitPoints = new FitPoints(r.ReadBoolean(), r.ReadInt32(), r.ReadInt32());
        var fitted = r.ReadBoolean();
        var fitPosition = r.ReadInt64();
        collection._fitPosition = fitted ? fitPosition : null;

        var dense = r.ReadByte();
        LsaEncoder? encoder = dense == DenseLsa ? LsaEncoder.Read(r) : null;
        var embeddedBy = dense == DenseFixed ? r.ReadString() : null;
        IVectorIndex? vectors = null;
        if (dense != DenseNone && r.ReadBoolean())
            vectors = r.ReadByte() == VectorsHnsw ? HnswIndex.Read(r, settings.HnswOrDefault) : ExactVectorIndex.Read(r);

        if (dense == DenseLsa && embedder is null)
        {
            (collection._encoder, collection._vectors) = (encoder, vectors);
        }
        else if (embedder is not null)
        {
            // Vectors from another model are useless: embed again with the one configured now.
            collection._vectors = embeddedBy == embedder.Version ? vectors : collection.EmbedAll(embedder);
        }
        return collection;
    }

    private void Restore(IndexedChunk?[] slots, long position)
    {
        var analyzed = new (string[] Contents, string[] Title)[slots.Length];
        Parallel.For(0, slots.Length, i =>
        {
            if (slots[i] is { } c) analyzed[i] = (_analyzer.Analyze(c.Title + "\n" + c.Text).ToArray(), _analyzer.Analyze(c.Title).ToArray());
        });
        for (var slot = 0; slot < slots.Length; slot++)
        {
            _slots.Add(slots[slot]);
            if (slots[slot] is not { } chunk)
            {
                _terms.Add([]);
                _titleTerms.Add([]);
                continue;
            }
            AddTermsLocked(slot, analyzed[slot].Contents, analyzed[slot].Title);
            _byChunk[chunk.ChunkId] = slot;
            if (!_byDocument.TryGetValue(chunk.DocumentId, out var list)) _byDocument[chunk.DocumentId] = list = [];
            list.Add(slot);
        }
        Position = position;
    }

    private IVectorIndex? EmbedAll(IEmbedder model)
    {
        var live = Enumerable.Range(0, _slots.Count).Where(s => _slots[s] is not null).ToList();
        if (live.Count == 0) return null;
        var vectors = model.Embed(live.Select(s => _slots[s]!.Title + "\n" + _slots[s]!.Text).ToList());
        var index = NewVectorIndex(model.Dimensions, live.Count);
        index.SetMany(live, vectors);
        return index;
    }

    private static void WriteChunk(BinaryWriter w, IndexedChunk c)
    {
        w.Write(c.ChunkId.ToByteArray());
        w.Write(c.DocumentId.ToByteArray());
        w.Write(c.DocumentVersion);
        w.Write(c.Ordinal);
        w.Write(c.Title);
        w.Write(c.Source);
        w.Write(c.Tags.Count);
        foreach (var t in c.Tags) w.Write(t);
        w.Write(c.SubmittedAt.UtcTicks);
        w.Write(c.Text);
    }

    private static IndexedChunk ReadChunk(BinaryReader r)
    {
        var chunkId = new Guid(r.ReadBytes(16));
        var documentId = new Guid(r.ReadBytes(16));
        var (version, ordinal, title, source) = (r.ReadInt32(), r.ReadInt32(), r.ReadString(), r.ReadString());
        var tags = Enumerable.Range(0, r.ReadInt32()).Select(_ => r.ReadString()).ToList();
        var submitted = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        return new IndexedChunk(chunkId, documentId, version, ordinal, title, source, tags, submitted, r.ReadString());
    }
}
