using System.Diagnostics;
using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Diagnostics;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Lexical;

namespace EventSourcedRag.Retrieval.Search;

/// <summary>
/// The searchable chunks of one tenant: a BM25 index and a dense index over the same slots, fused per query.
/// With a given <see cref="IEmbedder"/> (e.g. an ONNX sentence-transformer) chunks are embedded as they arrive.
/// Without one, an LSA encoder is fitted at fit points of the change history and later chunks are embedded with it
/// as they arrive (ChunkCollection.Dense.cs). Thread-safe: one writer at a time, many readers.
/// </summary>
public sealed partial class ChunkCollection(RetrievalSettings settings, IEmbedder? embedder = null)
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly EnglishAnalyzer _analyzer = new();
    private readonly List<IndexedChunk?> _slots = [];
    private readonly TermTable _vocabulary = new();
    private readonly List<byte[]> _terms = [];       // analysed title + text per slot, in order, encoded by the term table (BM25 removal, LSA fit, rerank features)
    private readonly List<byte[]> _titleTerms = [];  // analysed title per slot (title BM25 removal, rerank features)
    private readonly Dictionary<Guid, List<int>> _byDocument = [];
    private readonly Dictionary<Guid, int> _byChunk = [];
    private readonly Bm25Index _bm25 = new(settings.Bm25);      // "contents": title and text, as Lucene baselines index them
    private readonly Bm25Index _titles = new(settings.Bm25);    // the title alone, added with Settings.TitleBoost
    private IVectorIndex? _vectors;
    private LsaEncoder? _encoder;

    public RetrievalSettings Settings { get; } = settings;

    /// <summary>Global sequence of the last event applied.</summary>
    public long Position { get; private set; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _bm25.LiveCount; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Makes <paramref name="chunks"/> the document's only searchable chunks (a new version replaces the old).</summary>
    /// <param name="vectors">With an external embedder: the chunks' stored vectors (embedded once, by the worker), a null
    /// entry for a chunk that has none (it is found lexically only). When absent, the embedder embeds the chunks here.</param>
    public void ReplaceDocument(Guid documentId, IReadOnlyList<IndexedChunk> chunks, long position, IReadOnlyList<float[]?>? vectors = null)
    {
        var analyzed = chunks.Select(c => _analyzer.Analyze(c.Title + "\n" + c.Text).ToArray()).ToArray();
        var titles = chunks.Select(c => _analyzer.Analyze(c.Title).ToArray()).ToArray();
        if (embedder is null) vectors = null;
        else vectors ??= embedder.Embed(chunks.Select(c => EmbeddingInput.Of(c.Title, c.Text)).ToList()); // heavy: outside the lock
        _lock.EnterWriteLock();
        try
        {
            var removed = RemoveLocked(documentId);
            var slots = new List<int>(chunks.Count);
            for (var i = 0; i < chunks.Count; i++)
            {
                var slot = _slots.Count;
                _slots.Add(chunks[i]);
                AddTermsLocked(slot, analyzed[i], titles[i]);
                if (vectors?[i] is { } vector) (_vectors ??= NewVectorIndex(embedder!.Dimensions, 0)).Set(slot, vector);
                _byChunk[chunks[i].ChunkId] = slot;
                slots.Add(slot);
            }
            _byDocument[documentId] = slots;
            if (embedder is not null && _vectors is not null) _vectors = Grown(_vectors);
            DenseChangedLocked(removed, [.. slots], position);
            Position = Math.Max(Position, position);
        }
        finally { _lock.ExitWriteLock(); }
    }

    public void RemoveDocument(Guid documentId, long position)
    {
        _lock.EnterWriteLock();
        try
        {
            var removed = RemoveLocked(documentId);
            if (removed.Length > 0) DenseChangedLocked(removed, [], position);
            Position = Math.Max(Position, position);
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>After a backlog was applied (a start, a bulk ingestion): lists grown by doubling give back their slack.</summary>
    public void TrimExcess()
    {
        _lock.EnterWriteLock();
        try
        {
            _bm25.TrimExcess();
            _titles.TrimExcess();
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Records that events up to <paramref name="position"/> were seen, even when none changed the chunks.</summary>
    public void Advance(long position)
    {
        _lock.EnterWriteLock();
        try { Position = Math.Max(Position, position); }
        finally { _lock.ExitWriteLock(); }
    }

    public IndexedChunk? Find(Guid chunkId)
    {
        _lock.EnterReadLock();
        try { return _byChunk.TryGetValue(chunkId, out var slot) ? _slots[slot] : null; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Every live chunk ordered by chunk id: the canonical content, for comparing two collections.</summary>
    public IReadOnlyList<IndexedChunk> Snapshot()
    {
        _lock.EnterReadLock();
        try { return _slots.OfType<IndexedChunk>().OrderBy(c => c.ChunkId).ToList(); }
        finally { _lock.ExitReadLock(); }
    }

    public SearchResult Search(SearchRequest request)
    {
        if (request.Mode != RetrieverMode.Bm25) CompleteNotedFit();
        _lock.EnterReadLock();
        try
        {
            var clock = Stopwatch.StartNew();
            var retrieveSpan = RetrievalTrace.Stage("retrieve");
            var queryTerms = _analyzer.Analyze(request.Text);
            Func<int, bool>? filter = request.Filter.IsEmpty ? null : slot => _slots[slot] is { } c && request.Filter.Matches(c);
            var expansions = request.Expander?.Expand(queryTerms, term => _bm25.DocumentFrequency(term) > 0) ?? [];
            var lexical = request.Mode == RetrieverMode.Dense ? [] : Lexical(queryTerms, expansions, request.CandidateDepth, filter);
            var embedClock = Stopwatch.StartNew();
            float[]? queryVector;
            IQueryAdapter? adapter;
            IQuerySteering? steering;
            using (RetrievalTrace.Stage("embed"))
            {
                queryVector = request.Mode == RetrieverMode.Bm25 || _vectors is null ? null : EmbedExpandedLocked(request, queryTerms, expansions);
                // Steering was learned in the encoder's own space, so it goes before the adapter's map.
                steering = queryVector is not null && request.Steering is { } st && st.EncoderVersion == EncoderVersionLocked ? st : null;
                if (steering is not null) queryVector = steering.Steer(queryVector!);
                adapter = queryVector is not null && request.QueryAdapter is { } a && a.EncoderVersion == EncoderVersionLocked ? a : null;
                if (adapter is not null) queryVector = adapter.Adapt(queryVector!);
            }
            var embedMs = embedClock.Elapsed.TotalMilliseconds;
            var dense = queryVector is null ? [] : _vectors!.Search(queryVector, request.CandidateDepth, filter).Where(h => h.Score > 0).ToList();
            retrieveSpan?.SetTag("esrag.lexical_candidates", lexical.Count).SetTag("esrag.dense_candidates", dense.Count).Dispose();
            var retrieveMs = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var fuseSpan = RetrievalTrace.Stage("fuse");
            var denseWeight = request.DenseWeight ?? Settings.DenseWeight;
            IReadOnlyList<(IReadOnlyList<(int, double)>, double)> lists = [(lexical, Settings.LexicalWeight), (dense, denseWeight)];
            var fused = request.Fusion == FusionMethod.Rrf ? RankFusion.Reciprocal(lists, Settings.RrfK) : RankFusion.Weighted(lists);
            var remembered = RememberedLocked(request, filter);
            AddRemembered(fused, remembered, request.Fusion, request.MemoryWeight);
            var rerank = request.Mode == RetrieverMode.Full
                ? request.Reranker ?? throw new ArgumentException("The full retriever needs a reranker.", nameof(request))
                : null;
            var first = TopK.Select(fused, rerank is null ? request.TopK : Math.Max(request.TopK, request.RerankDepth));
            var lexicalRank = Ranks(lexical);
            var denseRank = Ranks(dense);
            var candidates = first.Select((t, i) => new SearchHit(
                _slots[t.Slot]!,
                i + 1,
                lexicalRank.TryGetValue(t.Slot, out var lr) ? lr.Score : null,
                lexicalRank.TryGetValue(t.Slot, out lr) ? lr.Rank : null,
                denseRank.TryGetValue(t.Slot, out var dr) ? dr.Score : null,
                denseRank.TryGetValue(t.Slot, out dr) ? dr.Rank : null,
                t.Score,
                i + 1,
                Remembered: remembered.TryGetValue(t.Slot, out var m) ? m : null)).ToList();
            fuseSpan?.Dispose();
            var fuseMs = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var rerankSpan = RetrievalTrace.Stage("rerank");
            if (request.WithFeatures || rerank is not null)
            {
                var featured = request.WithFeatures ? candidates.Count : Math.Min(request.RerankDepth, candidates.Count);
                var bestScores = (Bm25: lexical.Count > 0 ? lexical[0].Score : 0, Dense: dense.Count > 0 ? dense[0].Score : 0);
                candidates = [.. AttachFeatures(candidates[..featured], first, queryTerms, bestScores, request.Priors), .. candidates.Skip(featured)];
            }
            SkippedRerank? skipped = null;
            if (rerank is not null)
            {
                // A reranker that fails costs the query its second stage, not its answer: the fused order is served
                // and the result says why (graceful degradation, docs/operations.md).
                try { candidates = Rerank(candidates, rerank, request.RerankDepth, request.TopK); }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    skipped = new SkippedRerank(rerank.Version, $"{ex.GetType().Name}: {ex.Message}");
                    candidates = candidates.Take(request.TopK).ToList();
                    rerankSpan?.SetStatus(ActivityStatusCode.Error, skipped.Reason);
                }
            }
            rerankSpan?.SetTag("esrag.reranker", rerank?.Version ?? "none").Dispose();
            var rerankMs = rerank is null ? 0 : clock.Elapsed.TotalMilliseconds;

            var best = request.Fusion == FusionMethod.Rrf
                ? (Settings.LexicalWeight + denseWeight) / (Settings.RrfK + 1.0)
                : Settings.LexicalWeight + denseWeight;
            var strength = first.Count == 0 ? 0 : Math.Clamp(first[0].Score / best, 0, 1);
            var model = request.Mode == RetrieverMode.Bm25 ? "none" : EncoderVersionLocked ?? "none";
            var fit = embedder is null && _encoder is not null ? _fitPosition : null;
            return new SearchResult(candidates, model, Position, retrieveMs, fuseMs, strength, skipped is null ? rerank?.Version : null, rerankMs,
                adapter?.Version, embedMs, skipped, fit, request.Mode != RetrieverMode.Bm25 && _vectors is null ? _pending?.Position : null,
                request.Expander?.Version, expansions.Count > 0 ? expansions : null, steering?.Version);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Exact query and chunk vectors from the encoder serving now, taken under one lock so they all come from the
    /// same encoder state. With an external embedder the queries are embedded here, holding writers back meanwhile:
    /// this is for training, not for the serving path.
    /// </summary>
    public DenseVectors? Embed(IReadOnlyList<string> queries, IEnumerable<Guid> chunks)
    {
        CompleteNotedFit();
        _lock.EnterReadLock();
        try
        {
            if (EncoderVersionLocked is not { } version || _vectors is null) return null;
            var queryVectors = queries.Select(q => EmbedQueryLocked(q, _analyzer.Analyze(q))).ToList();
            var live = chunks.Distinct().Where(_byChunk.ContainsKey).ToList();
            var chunkVectors = embedder is not null
                ? embedder.Embed(live.Select(c => _slots[_byChunk[c]]!).Select(c => EmbeddingInput.Of(c.Title, c.Text)).ToList())
                : live.Select(c => _encoder!.EmbedTerms(Terms(_byChunk[c]))).ToList();
            return new DenseVectors(version, queryVectors, live.Select((c, i) => (c, chunkVectors[i])).ToDictionary(p => p.c, p => p.Item2));
        }
        finally { _lock.ExitReadLock(); }
    }

    private string? EncoderVersionLocked => embedder?.Version ?? _encoder?.Version;

    private float[]? EmbedQueryLocked(string text, IReadOnlyList<string> terms) =>
        embedder is not null ? embedder.EmbedQuery(text)
        : _encoder is not null && terms.Count > 0 ? _encoder.EmbedTerms(terms) : null;

    private static Dictionary<int, (double Score, int Rank)> Ranks(List<(int Slot, double Score)> list)
    {
        var ranks = new Dictionary<int, (double, int)>(list.Count);
        for (var i = 0; i < list.Count; i++) ranks[list[i].Slot] = (list[i].Score, i + 1);
        return ranks;
    }

    private int[] RemoveLocked(Guid documentId)
    {
        if (!_byDocument.Remove(documentId, out var slots)) return [];
        foreach (var slot in slots)
        {
            var chunk = _slots[slot]!;
            _bm25.Remove(slot, Terms(slot));
            _titles.Remove(slot, TitleTerms(slot));
            if (embedder is not null) _vectors?.Remove(slot);
            _byChunk.Remove(chunk.ChunkId);
            _slots[slot] = null;
            if (!RetainedForFitLocked(slot, chunk)) _terms[slot] = [];
            _titleTerms[slot] = [];
        }
        return [.. slots];
    }

    private IVectorIndex NewVectorIndex(int dimensions, int size) =>
        size >= Settings.ExactSearchBelow ? new HnswIndex(dimensions, Settings.HnswOrDefault) : new ExactVectorIndex(dimensions);

    private IReadOnlyList<string> Terms(int slot) => _vocabulary.View(_terms[slot]);
    private IReadOnlyList<string> TitleTerms(int slot) => _vocabulary.View(_titleTerms[slot]);

    private void AddTermsLocked(int slot, IReadOnlyList<string> contents, IReadOnlyList<string> title)
    {
        var contentIds = _vocabulary.Intern(contents);
        var titleIds = _vocabulary.Intern(title);
        _terms.Add(contentIds);
        _titleTerms.Add(titleIds);
        // The interned views, so the postings' keys are the table's strings rather than a copy per chunk.
        _bm25.Add(slot, _vocabulary.View(contentIds));
        _titles.Add(slot, _vocabulary.View(titleIds));
    }

    // The encoder is fitted on at most Lsa.MaxFitDocuments chunks: every k-th in chunk-id order, so the fit stays a
    // function of the live chunk set while its cost stops growing with it. A basis from tens of thousands of
    // chunks spans the same topics as one from all of them; every chunk is still embedded.
    private List<int> FitSample(List<int> live)
    {
        var stride = (live.Count + Settings.Lsa.MaxFitDocuments - 1) / Settings.Lsa.MaxFitDocuments;
        return stride <= 1 ? live : live.Where((_, i) => i % stride == 0).ToList();
    }
}
