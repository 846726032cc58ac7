using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Testing.Onnx;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

public class OnnxSentenceEmbedderTests : IDisposable
{
    private const int Hidden = 8;
    private static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "the", "cat", "sat", "query", ":"];
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-").FullName;
    private readonly float[] _table = TinyModel.Table(Vocabulary.Length, Hidden);

    public OnnxSentenceEmbedderTests() => TinyModel.Write(_folder, Vocabulary, _table, Hidden);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private OnnxSentenceEmbedder Embedder(Pooling pooling = Pooling.Mean, int maxLength = 64, string prefix = "", int batchTokens = 2048, int cache = 100) =>
        new(EncoderModel.FromFolder(_folder, new EncoderSpec("tiny", pooling, prefix, maxLength)), new EncoderRuntime(1, batchTokens, QueryCacheSize: cache));

    private float[] Row(int id) => _table.AsSpan(id * Hidden, Hidden).ToArray();

    private float[] Mean(params int[] ids)
    {
        var v = new float[Hidden];
        foreach (var id in ids)
            for (var d = 0; d < Hidden; d++) v[d] += _table[id * Hidden + d] / ids.Length;
        VectorMath.Normalize(v);
        return v;
    }

    private static void ShouldBeClose(float[] actual, float[] expected, float tolerance = 1e-5f) =>
        actual.Zip(expected).ShouldAllBe(p => Math.Abs(p.First - p.Second) < tolerance);

    [Fact]
    public void Mean_pooling_averages_the_real_tokens_and_normalises()
    {
        using var embedder = Embedder();
        embedder.Dimensions.ShouldBe(Hidden);
        var vector = embedder.Embed(["hello worlds"])[0];
        ShouldBeClose(vector, Mean(2, 5, 6, 7, 3));
        Math.Abs(VectorMath.Dot(vector, vector) - 1).ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void Cls_pooling_takes_the_first_token_state()
    {
        using var embedder = Embedder(Pooling.Cls);
        var cls = Row(2);
        VectorMath.Normalize(cls);
        ShouldBeClose(embedder.Embed(["the cat sat"])[0], cls);
    }

    [Fact]
    public void Queries_get_the_model_prefix_and_documents_do_not()
    {
        using var embedder = Embedder(prefix: "query: ");
        ShouldBeClose(embedder.EmbedQuery("the cat"), Mean(2, 11, 12, 8, 9, 3));
        ShouldBeClose(embedder.Embed(["the cat"])[0], Mean(2, 8, 9, 3));
    }

    [Fact]
    public void Batching_by_length_and_padding_do_not_change_a_vector()
    {
        using var embedder = Embedder(batchTokens: 16);
        string[] texts = ["the cat sat hello world the cat sat", "the cat", "hello", "the cat sat"];
        var together = embedder.Embed(texts);
        for (var i = 0; i < texts.Length; i++) ShouldBeClose(together[i], embedder.Embed([texts[i]])[0], 1e-6f);
    }

    [Fact]
    public void Long_texts_are_truncated_to_the_maximum_length_and_say_so()
    {
        using var embedder = Embedder(maxLength: 4);
        embedder.Tokenize("the cat sat hello world").ShouldBe([2, 8, 9, 3]);
        var encoded = embedder.Encode(["the cat sat hello world", "cat"]);
        encoded[0].Truncated.ShouldBeTrue();
        encoded[0].Tokens.ShouldBe(4);
        encoded[1].Truncated.ShouldBeFalse();
        encoded[1].Tokens.ShouldBe(3);
    }

    [Fact]
    public void The_version_names_model_bytes_pooling_and_length()
    {
        using var mean = Embedder();
        using var cls = Embedder(Pooling.Cls, maxLength: 32);
        mean.Version.ShouldStartWith("tiny@sha256:");
        mean.Version.ShouldEndWith("/mean/64");
        cls.Version.ShouldEndWith("/cls/32");
        mean.Version.Split('/')[0].ShouldBe(cls.Version.Split('/')[0]);
    }

    [Fact]
    public void A_repeated_query_is_answered_from_the_cache_with_the_same_vector()
    {
        using var embedder = Embedder(cache: 1);
        var first = embedder.EmbedQuery("Hello  WORLD");
        embedder.EmbedQuery("hello world").ShouldBeSameAs(first); // the same tokens: one entry
        embedder.EmbedQuery("the cat");
        embedder.EmbedQuery("hello world").ShouldNotBeSameAs(first); // evicted by a capacity of one
    }

    [Fact]
    public void A_folder_without_a_model_is_refused_naming_the_setting() =>
        Should.Throw<FileNotFoundException>(() => EncoderModel.FromFolder(Path.GetTempPath() + "no-such-model", new EncoderSpec("x", Pooling.Mean, "", 64)))
            .Message.ShouldStartWith("Embedding:ModelFolder");

    [Fact]
    public void A_vocabulary_larger_than_the_model_is_refused_at_start()
    {
        var folder = Path.Combine(_folder, "mismatch");
        TinyModel.Write(folder, Vocabulary, _table, Hidden);
        File.AppendAllLines(Path.Combine(folder, "vocab.txt"), ["extra", "tokens"]);
        Should.Throw<InvalidDataException>(() => new OnnxSentenceEmbedder(EncoderModel.FromFolder(folder, new EncoderSpec("x", Pooling.Mean, "", 64)), new EncoderRuntime(1)))
            .Message.ShouldContain("does not match the model");
    }
}
