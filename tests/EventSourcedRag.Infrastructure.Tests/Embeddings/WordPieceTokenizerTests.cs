using System.Text.Json;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

/// <summary>
/// The tokenizer against Hugging Face's reference implementation: Fixtures/wordpiece-golden.json holds the ids it
/// gives for tricky texts (accents, CJK, emoji, control characters, long words, literal special tokens) under the
/// all-MiniLM-L6-v2 tokenizer.json; make-wordpiece-golden.mjs beside it regenerates the file.
/// </summary>
public class WordPieceTokenizerTests
{
    private static readonly Lazy<EncoderModel> Packaged = new(() => EncoderModel.FromPackage(PretrainedEncoders.Find(PretrainedEncoders.MiniLm)!));

    public static TheoryData<int> GoldenCases() => [.. Enumerable.Range(0, Golden().Count)];

    private static List<(string Text, int[] Ids)> Golden()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Embeddings", "Fixtures", "wordpiece-golden.json")));
        return file.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => (c.GetProperty("text").GetString()!, c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray())).ToList();
    }

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Gives_the_reference_tokenizers_ids(int index)
    {
        var (text, expected) = Golden()[index];
        new WordPieceTokenizer(Packaged.Value.Vocabulary).Encode(text, 100_000).Ids.ShouldBe(expected, $"text: {text}");
    }

    [Fact]
    public void Truncation_keeps_cls_and_sep_and_the_first_pieces()
    {
        var tokenizer = new WordPieceTokenizer(Packaged.Value.Vocabulary);
        var (ids, truncated) = tokenizer.Encode("This is an example sentence", 5);
        ids.ShouldBe([101, 2023, 2003, 2019, 102]);
        truncated.ShouldBeTrue();
        tokenizer.Encode("This is", 5).Truncated.ShouldBeFalse();
    }

    [Fact]
    public void Both_packages_ship_the_same_30522_token_vocabulary()
    {
        var arctic = EncoderModel.FromPackage(PretrainedEncoders.Find(PretrainedEncoders.ArcticEmbedXs)!);
        Packaged.Value.Vocabulary.Count.ShouldBe(30522);
        arctic.Vocabulary.ShouldBe(Packaged.Value.Vocabulary);
    }

    [SharedDataFact("models/all-MiniLM-L6-v2/tokenizer.json")]
    public void The_packaged_vocabulary_is_the_reference_tokenizers_token_for_token()
    {
        var reference = File.ReadAllLines(SharedData.Find("models/all-MiniLM-L6-v2/vocab.txt")!);
        Packaged.Value.Vocabulary.ShouldBe(reference);
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Find("models/all-MiniLM-L6-v2/tokenizer.json")!));
        var model = json.RootElement.GetProperty("model");
        model.GetProperty("type").GetString().ShouldBe("WordPiece");
        model.GetProperty("max_input_chars_per_word").GetInt32().ShouldBe(100);
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
            Packaged.Value.Vocabulary[entry.Value.GetInt32()].ShouldBe(entry.Name);
    }
}
