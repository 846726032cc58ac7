using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Tests.Search;

/// <summary>A host's index with a pretrained encoder takes the worker's stored vectors and never embeds a chunk itself.</summary>
public class StoredVectorIndexingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Document = Guid.NewGuid();

    /// <summary>Embeds queries only: a document embedding here would mean a host recomputed what the worker stored.</summary>
    private sealed class QueryOnlyEncoder : IEmbedder
    {
        public string Version => "query-only@sha256:00/mean/64";
        public int Dimensions => 2;
        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts) => throw new InvalidOperationException("a host embedded a document");
        public float[] EmbedQuery(string text) => text.Contains("north") ? [1, 0] : [0, 1];
    }

    private sealed class StoredVectors(Dictionary<string, float[]> byHash) : IChunkVectorSource
    {
        public int Loads { get; private set; }

        public Task<IReadOnlyDictionary<string, float[]>> LoadAsync(string tenant, string version, IReadOnlyCollection<string> hashes, CancellationToken ct)
        {
            Loads++;
            return Task.FromResult<IReadOnlyDictionary<string, float[]>>(hashes.Where(byHash.ContainsKey).ToDictionary(h => h, h => byHash[h]));
        }
    }

    private static ChunkRecord Chunk(int ordinal, string text) => new(Guid.NewGuid(), ordinal, text, "h" + ordinal, 0, text.Length, 3);

    [Fact]
    public async Task Chunks_get_the_stored_vectors_a_chunk_without_one_is_found_lexically_and_the_page_costs_one_load()
    {
        var encoder = new QueryOnlyEncoder();
        var indexes = new SearchIndexes(Options.Create(new RetrievalOptions()), encoder);
        ChunkRecord[] chunks = [Chunk(0, "alpha text"), Chunk(1, "beta text"), Chunk(2, "gamma unembedded")];
        var source = new StoredVectors(new()
        {
            [EmbeddingInput.Hash("Guide", chunks[0].Text)] = [1, 0],
            [EmbeddingInput.Hash("Guide", chunks[1].Text)] = [0, 1],
        });
        var projector = new DocumentIndexProjector(indexes, source);

        projector.Apply("t", 1, new DocumentSubmitted(Document, "t", "guide.md", "Guide", "text/markdown", "c", 10, [], new Dictionary<string, string>(), "u", Now));
        projector.Apply("t", 2, new DocumentChunked(Document, 1, "md", 30, new ChunkingSettings(120, 30), chunks, Now));
        projector.Apply("t", 3, new DocumentIndexed(Document, 1, encoder.Version, 3, Now));
        await projector.FlushAsync(CancellationToken.None);

        source.Loads.ShouldBe(1);
        projector.ChunksWithoutVectors.ShouldBe(1);
        var collection = indexes.For("t");
        var dense = collection.Search(new SearchRequest("north", 3, FusionMethod.Weighted, SearchFilter.None, Mode: RetrieverMode.Dense));
        dense.EmbeddingModel.ShouldBe(encoder.Version);
        dense.Hits[0].Chunk.ChunkId.ShouldBe(chunks[0].ChunkId);
        dense.Hits.ShouldNotContain(h => h.Chunk.ChunkId == chunks[2].ChunkId);
        collection.Search(new SearchRequest("gamma", 3, FusionMethod.Weighted, SearchFilter.None)).Hits[0].Chunk.ChunkId.ShouldBe(chunks[2].ChunkId);
    }

    [Fact]
    public async Task A_deletion_after_indexing_in_the_same_page_is_applied_after_it()
    {
        var encoder = new QueryOnlyEncoder();
        var indexes = new SearchIndexes(Options.Create(new RetrievalOptions()), encoder);
        var projector = new DocumentIndexProjector(indexes, new StoredVectors([]));
        projector.Apply("t", 1, new DocumentSubmitted(Document, "t", "guide.md", "Guide", "text/markdown", "c", 10, [], new Dictionary<string, string>(), "u", Now));
        projector.Apply("t", 2, new DocumentChunked(Document, 1, "md", 10, new ChunkingSettings(120, 30), [Chunk(0, "alpha text")], Now));
        projector.Apply("t", 3, new DocumentIndexed(Document, 1, encoder.Version, 1, Now));
        projector.Apply("t", 4, new DocumentDeleted(Document, "gone", "u", Now));
        await projector.FlushAsync(CancellationToken.None);
        indexes.For("t").Count.ShouldBe(0);
    }
}
