using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

public class OnnxSentenceEmbedderTests : IDisposable
{
    private const int Hidden = 8;
    private static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "the", "cat", "sat"];
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-").FullName;
    private readonly float[] _table = TinyModel.Table(Vocabulary.Length, Hidden);

    public OnnxSentenceEmbedderTests() => TinyModel.Write(_folder, Vocabulary, _table, Hidden);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private float[] Expected(params int[] ids)
    {
        var v = new float[Hidden];
        foreach (var id in ids)
            for (var d = 0; d < Hidden; d++) v[d] += _table[id * Hidden + d] / ids.Length;
        VectorMath.Normalize(v);
        return v;
    }

    [Fact]
    public void Tokenizes_with_wordpiece_and_special_tokens()
    {
        using var embedder = new OnnxSentenceEmbedder(new OnnxEmbedderOptions(_folder));
        embedder.Tokenize("Hello worlds").ShouldBe([2, 5, 6, 7, 3]);
        embedder.Tokenize("hello zebra").ShouldBe([2, 5, 1, 3]);
    }

    [Fact]
    public void Mean_pools_the_token_states_and_normalises()
    {
        using var embedder = new OnnxSentenceEmbedder(new OnnxEmbedderOptions(_folder));
        embedder.Dimensions.ShouldBe(Hidden);
        var vector = embedder.Embed(["hello worlds"])[0];
        vector.Zip(Expected(2, 5, 6, 7, 3)).ShouldAllBe(p => Math.Abs(p.First - p.Second) < 1e-5);
        Math.Abs(VectorMath.Dot(vector, vector) - 1).ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void Padding_in_a_batch_does_not_change_a_vector()
    {
        using var embedder = new OnnxSentenceEmbedder(new OnnxEmbedderOptions(_folder, BatchSize: 4));
        var alone = embedder.Embed(["the cat"])[0];
        var batched = embedder.Embed(["the cat sat hello world the cat sat", "the cat", "hello"]);
        batched[1].Zip(alone).ShouldAllBe(p => Math.Abs(p.First - p.Second) < 1e-6);
        batched[2].Zip(Expected(2, 5, 3)).ShouldAllBe(p => Math.Abs(p.First - p.Second) < 1e-5);
    }

    [Fact]
    public void Long_texts_are_truncated_to_the_maximum_length()
    {
        using var embedder = new OnnxSentenceEmbedder(new OnnxEmbedderOptions(_folder, MaxLength: 4));
        embedder.Tokenize("the cat sat hello world").Count.ShouldBeLessThanOrEqualTo(4);
        embedder.Embed(["the cat sat hello world"])[0].Length.ShouldBe(Hidden);
    }

    [Fact]
    public void The_version_names_the_model_by_its_content() =>
        new OnnxSentenceEmbedder(new OnnxEmbedderOptions(_folder)).Version.ShouldStartWith("onnx-" + Path.GetFileName(_folder) + "-");

    [Fact]
    public void A_folder_without_a_model_is_refused_with_a_clear_message() =>
        Should.Throw<FileNotFoundException>(() => new OnnxSentenceEmbedder(new OnnxEmbedderOptions(Path.GetTempPath() + "no-such-model")))
            .Message.ShouldContain("model.onnx");

    [SharedDataFact("models/all-MiniLM-L6-v2/vocab.txt")]
    public void The_real_minilm_vocabulary_tokenizes_like_bert_base_uncased()
    {
        var folder = Path.Combine(_folder, "minilm");
        var vocabulary = File.ReadAllLines(SharedData.Find("models/all-MiniLM-L6-v2/vocab.txt")!);
        vocabulary.Length.ShouldBe(30522);
        TinyModel.Write(folder, vocabulary, new float[vocabulary.Length * 2], 2);
        using var embedder = new OnnxSentenceEmbedder(new OnnxEmbedderOptions(folder));
        embedder.Tokenize("The quick brown fox").ShouldBe([101, 1996, 4248, 2829, 4419, 102]);
        // Greedy longest-match-first WordPiece over this vocabulary.
        var pieces = embedder.Tokenize("Unaffable").Select(id => vocabulary[id]).ToList();
        pieces.ShouldBe(["[CLS]", "una", "##ffa", "##ble", "[SEP]"]);
        string.Concat(pieces.Skip(1).SkipLast(1).Select(p => p.Replace("##", ""))).ShouldBe("unaffable");
    }
}
