using System.Globalization;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Learning.Evaluation;

namespace EventSourcedRag.Learning.Collections;

/// <summary>
/// A seeded, generated collection in BEIR layout where users and documents name every topic with different words, so
/// only learning that carries a user's word over to the documents' words can find the right documents for a new
/// question. Words are made-up syllable strings: a pretrained encoder knows none of them, so it cannot bridge the
/// gap from prior knowledge either. Train and test questions share topics and user words but never a pair of words;
/// some training questions carry one document word (a "bridge"), which is how the first clicks on relevant
/// documents can happen at all. Test questions carry none.
/// </summary>
public sealed class MismatchCollection
{
    private readonly Random _random;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private MismatchCollection(int seed) => _random = new Random(seed);

    public sealed record Concept(int Id, IReadOnlyList<string> DocumentWords, IReadOnlyList<string> UserWords);

    /// <param name="Train">Qrels of the training questions (the loop's traffic).</param>
    /// <param name="Test">Qrels of the test questions (measured only).</param>
    public sealed record Generated(IReadOnlyList<Concept> Concepts, IReadOnlyList<BeirDocument> Corpus, IReadOnlyList<BeirQuery> Queries,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Train, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Test);

    public static Generated Generate(int seed, MismatchCollectionOptions options)
    {
        if (options.Validate().FirstOrDefault() is { } problem) throw new ArgumentException($"Mismatch collection: {problem}.");
        return new MismatchCollection(seed).Build(options);
    }

    private Generated Build(MismatchCollectionOptions o)
    {
        var concepts = Enumerable.Range(0, o.Concepts).Select(i => new Concept(i, Words(o.DocumentWords), Words(o.UserWords))).ToList();
        var filler = Words(o.Filler);
        var intents = Words(12); // "how", "request": question words no document uses
        var corpus = new List<BeirDocument>();
        var relevant = new Dictionary<int, Dictionary<string, int>>();
        foreach (var concept in concepts)
        {
            relevant[concept.Id] = [];
            for (var d = 0; d < o.DocumentsPerConcept; d++)
            {
                var id = $"d{concept.Id:D4}-{d}";
                var other = concepts[(concept.Id + 1 + _random.Next(concepts.Count - 1)) % concepts.Count];
                corpus.Add(new BeirDocument(id, $"{Word()} {Pick(concept.DocumentWords)}", Body(concept, other, filler, o.WordsPerDocument)));
                relevant[concept.Id][id] = 1;
            }
        }
        var queries = new List<BeirQuery>();
        var train = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        var test = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var concept in concepts)
        {
            var (trainPairs, testPairs) = SplitPairs(concept.UserWords.Count, o.TrainPhrasings, o.TestPhrasings);
            foreach (var (pair, i) in trainPairs.Select((p, i) => (p, i)))
            {
                var bridge = _random.NextDouble() < o.BridgeRate ? " " + Pick(concept.DocumentWords) : "";
                queries.Add(new BeirQuery($"q{concept.Id:D4}-train-{i}", Question(concept, pair, intents) + bridge));
                train[queries[^1].Id] = relevant[concept.Id];
            }
            foreach (var (pair, i) in testPairs.Select((p, i) => (p, i)))
            {
                queries.Add(new BeirQuery($"q{concept.Id:D4}-test-{i}", Question(concept, pair, intents)));
                test[queries[^1].Id] = relevant[concept.Id];
            }
        }
        return new Generated(concepts, corpus, queries, train, test);
    }

    // Every user word is in some training pair, so a test pair is two known words never asked together.
    private ((int, int)[] Train, (int, int)[] Test) SplitPairs(int words, int trainCount, int testCount)
    {
        var pairs = (from a in Enumerable.Range(0, words) from b in Enumerable.Range(a + 1, words - a - 1) select (a, b)).OrderBy(_ => _random.Next()).ToList();
        var cover = new List<(int, int)>();
        for (var w = 0; w < words; w += 2) cover.Add(pairs.First(p => p.a == w && p.b == (w + 1) % words || p.a == (w + 1) % words && p.b == w));
        var rest = pairs.Except(cover).ToList();
        var train = cover.Concat(rest.Take(trainCount - cover.Count)).ToArray();
        return (train, rest.Skip(trainCount - cover.Count).Take(testCount).ToArray());
    }

    private string Question(Concept concept, (int A, int B) pair, IReadOnlyList<string> intents) =>
        $"{Pick(intents)} {concept.UserWords[pair.A]} {concept.UserWords[pair.B]}";

    // The topic's own words a fifth of the time, another topic's a tenth (documents touch on neighbours), the rest filler.
    private string Body(Concept concept, Concept other, IReadOnlyList<string> filler, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var roll = _random.NextDouble();
            text.Append(roll < 0.2 ? Pick(concept.DocumentWords) : roll < 0.3 ? Pick(other.DocumentWords) : Pick(filler));
            text.Append(i % 10 == 9 ? ". " : " ");
        }
        return text.ToString().TrimEnd();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<string> Words(int count) => Enumerable.Range(0, count).Select(_ => Word()).ToList();

    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kl", "st", "tr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u"];

    // Made-up words of three syllables, each new: no word of one role is ever another's.
    private string Word()
    {
        while (true)
        {
            var word = string.Concat(Enumerable.Range(0, 3).Select(_ => Onsets[_random.Next(Onsets.Length)] + Vowels[_random.Next(Vowels.Length)]));
            if (_used.Add(word)) return word;
        }
    }

    /// <summary>Writes corpus.jsonl, queries.jsonl, qrels/train.tsv and qrels/test.tsv.</summary>
    public static void Write(Generated collection, string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "qrels"));
        File.WriteAllLines(Path.Combine(directory, "corpus.jsonl"),
            collection.Corpus.Select(d => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = d.Id, ["title"] = d.Title, ["text"] = d.Text })));
        File.WriteAllLines(Path.Combine(directory, "queries.jsonl"),
            collection.Queries.Select(q => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = q.Id, ["text"] = q.Text })));
        WriteQrels(Path.Combine(directory, "qrels", "train.tsv"), collection.Train);
        WriteQrels(Path.Combine(directory, "qrels", "test.tsv"), collection.Test);
    }

    private static void WriteQrels(string path, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels) =>
        File.WriteAllLines(path, new[] { "query-id\tcorpus-id\tscore" }.Concat(
            qrels.SelectMany(q => q.Value.Select(d => string.Create(CultureInfo.InvariantCulture, $"{q.Key}\t{d.Key}\t{d.Value}")))));
}
