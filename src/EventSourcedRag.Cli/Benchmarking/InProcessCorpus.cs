using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Retrieval.Chunking;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// A BEIR corpus loaded straight into a <see cref="ChunkCollection"/>, chunked as ingestion chunks it, without the
/// event store and queue (the eval verb measures those). For experiments that need many runs over one index.
/// </summary>
public sealed class InProcessCorpus
{
    private readonly Dictionary<Guid, string> _beirIds = [];


    /// <param name="embedder">A pretrained encoder: every chunk is embedded in one length-batched pass before indexing, as
    /// the worker's embedding stage does, and the collection gets the stored vectors. Null: the corpus-fitted LSA encoder.</param>
    public InProcessCorpus(BeirDataset dataset, RetrievalSettings settings, int chunkTokens = 512, IEmbedder? embedder = null)
    {
        Dataset = dataset;
        Collection = new ChunkCollection(settings, embedder);
        var chunker = new SentenceChunker(chunkTokens, chunkTokens / 8);
        var submitted = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var documents = new List<(Guid Id, List<IndexedChunk> Chunks)>();
        foreach (var doc in dataset.Corpus)
        {
            var text = doc.Text.Length > 0 ? doc.Text : doc.Title;
            if (text.Trim().Length == 0) continue; // the intake refuses empty documents too
            var id = DeterministicId(doc.Id);
            _beirIds[id] = doc.Id;
            var title = doc.Title.Length > 0 ? doc.Title : doc.Id;
            documents.Add((id, chunker.Chunk(text).Select(c => new IndexedChunk(DeterministicId(doc.Id + "#" + c.Ordinal), id, 1, c.Ordinal, title, "beir", [], submitted, c.Text)).ToList()));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var vectors = embedder?.Embed(documents.SelectMany(d => d.Chunks).Select(c => EmbeddingInput.Of(c.Title, c.Text)).ToList());
        EmbedSeconds = clock.Elapsed.TotalSeconds;
        var next = 0;
        long position = 0;
        foreach (var (id, chunks) in documents)
        {
            Collection.ReplaceDocument(id, chunks, ++position, vectors?.Skip(next).Take(chunks.Count).ToList());
            next += chunks.Count;
        }
    }

    private InProcessCorpus(InProcessCorpus indexed, BeirDataset queries)
    {
        (Dataset, Collection, EmbedSeconds, _beirIds) = (queries, indexed.Collection, indexed.EmbedSeconds, indexed._beirIds);
    }

    /// <summary>The same index judged by another split's queries (the corpus is the same file): nothing is re-embedded.</summary>
    public InProcessCorpus WithQueries(BeirDataset split) => new(this, split);

    /// <summary>Seconds spent embedding every chunk with the given encoder (0 without one).</summary>
    public double EmbedSeconds { get; }

    public BeirDataset Dataset { get; }

    public ChunkCollection Collection { get; }

    public SearchResult Search(string text, RetrieverMode mode, int topK, IReranker? reranker = null, bool withFeatures = false, double? denseWeight = null) =>
        Collection.Search(new SearchRequest(text, topK, FusionMethod.Weighted, SearchFilter.None, Math.Max(100, topK), mode, reranker, WithFeatures: withFeatures, DenseWeight: denseWeight));

    /// <summary>BEIR document ids in rank order, each once (a document's first chunk decides its rank).</summary>
    public List<string> RankedDocuments(SearchResult result) =>
        result.Hits.Select(h => _beirIds[h.Chunk.DocumentId]).Distinct(StringComparer.Ordinal).ToList();

    public string BeirId(Guid documentId) => _beirIds[documentId];

    private static Guid DeterministicId(string text) =>
        new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
