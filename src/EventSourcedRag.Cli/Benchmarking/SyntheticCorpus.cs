using System.Text;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// Seeded text at any scale with the statistics retrieval cost depends on: a 60,000-word vocabulary whose
/// frequencies follow Zipf's law (a few very common words with long posting lists, a long tail of rare ones),
/// 2,000 topics that each favour 150 words (so documents cluster and dense vectors have structure), chunks of
/// 90 to 150 words, and questions of three to seven words drawn from a chunk's topic and text, as users ask.
/// </summary>
public sealed class SyntheticCorpus
{
    public const int ChunksPerDocument = 10;
    private const int Vocabulary = 60_000, Topics = 2_000, TopicWords = 150;
    private static readonly string[] Onsets = ["b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "br", "cr", "st", "tr", "pl", "gr", "ch", "th"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"];
    private static readonly string[] Codas = ["", "n", "r", "s", "l", "t", "m", "nd", "st", "x"];

    private readonly string[] _words;
    private readonly double[] _cumulative;
    private readonly int[][] _topics;
    private readonly Random _random;

    public SyntheticCorpus(int seed)
    {
        _random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _words = new string[Vocabulary];
        for (var i = 0; i < Vocabulary; i++)
        {
            string word;
            do word = Word(1 + Math.Min(3, i / 2000 + _random.Next(2))); // frequent words are short, as in English
            while (!seen.Add(word));
            _words[i] = word;
        }
        _cumulative = new double[Vocabulary];
        var sum = 0.0;
        for (var i = 0; i < Vocabulary; i++) _cumulative[i] = sum += 1.0 / (i + 2.7);
        // Topic words come from the middle and the tail: the informative, rarer terms.
        _topics = Enumerable.Range(0, Topics).Select(_ => Enumerable.Range(0, TopicWords).Select(_ => 300 + _random.Next(Vocabulary - 300)).ToArray()).ToArray();
    }

    /// <summary>Documents of <see cref="ChunksPerDocument"/> chunks until <paramref name="chunks"/> chunks are made.</summary>
    public IEnumerable<(string Title, string[] Chunks)> Documents(int chunks)
    {
        for (var made = 0; made < chunks; made += ChunksPerDocument)
        {
            var topic = _random.Next(Topics);
            var title = string.Join(' ', Enumerable.Range(0, 4).Select(_ => _words[_topics[topic][_random.Next(TopicWords)]]));
            yield return (title, Enumerable.Range(0, Math.Min(ChunksPerDocument, chunks - made)).Select(_ => Chunk(topic)).ToArray());
        }
    }

    /// <summary>A question about a random topic, in its words and a few common ones.</summary>
    public string Question()
    {
        var topic = _random.Next(Topics);
        var n = 3 + _random.Next(5);
        return string.Join(' ', Enumerable.Range(0, n).Select(i => i % 3 == 2 ? Common() : _words[_topics[topic][_random.Next(TopicWords)]]));
    }

    private string Chunk(int topic)
    {
        var text = new StringBuilder();
        var words = 90 + _random.Next(61);
        for (var i = 0; i < words; i++)
        {
            var word = _random.NextDouble() < 0.3 ? _words[_topics[topic][_random.Next(TopicWords)]] : Common();
            text.Append(i == 0 || text[^1] == '.' ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            text.Append(_random.Next(14) == 0 ? ". " : " ");
        }
        text.Length--;
        return text.Append('.').ToString();
    }

    private string Common()
    {
        var x = _random.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, x);
        return _words[i < 0 ? Math.Min(~i, Vocabulary - 1) : i];
    }

    private string Word(int syllables)
    {
        var w = new StringBuilder();
        for (var s = 0; s < syllables; s++)
            w.Append(Onsets[_random.Next(Onsets.Length)]).Append(Vowels[_random.Next(Vowels.Length)]).Append(s == syllables - 1 ? Codas[_random.Next(Codas.Length)] : "");
        return w.ToString();
    }
}
