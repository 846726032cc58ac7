using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Testing.Onnx;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

public class OnnxDenseRetrievalTests : IDisposable
{
    private static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "red", "green", "blue", "cat", "dog", "bird", "fish"];
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-dense-").FullName;

    public OnnxDenseRetrievalTests() => TinyModel.Write(_folder, Vocabulary, TinyModel.Table(Vocabulary.Length, 16), 16);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Chunks_are_embedded_as_they_arrive_and_a_query_finds_its_own_text_first()
    {
        using var embedder = new OnnxSentenceEmbedder(EncoderModel.FromFolder(_folder, new EncoderSpec("tiny", Pooling.Mean, "", 64)), new EncoderRuntime(1));
        var collection = new ChunkCollection(RetrievalSettings.Default, embedder);
        string[] texts = ["red cat", "green dog", "blue bird", "red fish", "green cat"];
        var ids = texts.Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < texts.Length; i++)
            collection.ReplaceDocument(ids[i], [new IndexedChunk(Guid.NewGuid(), ids[i], 1, 0, "", "s", [], DateTimeOffset.UnixEpoch, texts[i])], i + 1);

        var result = collection.Search(new SearchRequest("blue bird", 3, FusionMethod.Weighted, SearchFilter.None, Mode: RetrieverMode.Dense));
        result.EmbeddingModel.ShouldBe(embedder.Version);
        result.Hits[0].Chunk.DocumentId.ShouldBe(ids[2]);
        result.Hits[0].Dense!.Value.ShouldBeGreaterThan(0.99);

        collection.RemoveDocument(ids[2], 10);
        collection.Search(new SearchRequest("blue bird", 3, FusionMethod.Weighted, SearchFilter.None, Mode: RetrieverMode.Dense))
            .Hits.ShouldAllBe(h => h.Chunk.DocumentId != ids[2]);
    }
}
