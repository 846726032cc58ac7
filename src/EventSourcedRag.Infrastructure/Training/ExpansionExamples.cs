using EventSourcedRag.Learning.Expansion;
using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// Turns responses with chosen chunks into what a query-expansion model learns from, with the words analysed as the
/// lexical index analyses them. Chunks deleted since are no evidence about today's documents and are left out.
/// </summary>
public static class ExpansionExamples
{
    private static readonly EnglishAnalyzer Analyzer = new();

    public static List<ExpansionExample> From(IReadOnlyList<AdapterQuery> responses, ChunkCollection collection)
    {
        var words = new Dictionary<Guid, (Dictionary<string, int> Terms, Dictionary<string, string> Surfaces)?>();
        var examples = new List<ExpansionExample>();
        foreach (var response in responses)
        {
            var chosen = new List<ChosenChunk>();
            foreach (var (chunkId, weight) in response.Positives)
            {
                if (!words.TryGetValue(chunkId, out var w)) words[chunkId] = w = collection.Find(chunkId) is { } chunk ? WordsOf(chunk.Title + "\n" + chunk.Text) : null;
                if (w is { } found) chosen.Add(new ChosenChunk(found.Terms, found.Surfaces, weight));
            }
            var asked = Analyzer.Analyze(response.Query);
            if (chosen.Count > 0 && asked.Count > 0) examples.Add(new ExpansionExample(response.User, asked, chosen));
        }
        return examples;
    }

    /// <summary>Each analysed word with its count, and the written form it first appears in.</summary>
    public static (Dictionary<string, int> Terms, Dictionary<string, string> Surfaces) WordsOf(string text)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var surfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in EnglishAnalyzer.Tokenize(text))
        {
            if (EnglishAnalyzer.StopWords.Contains(token)) continue;
            var term = Analyzer.Analyze(token) is [var t] ? t : token;
            terms[term] = terms.GetValueOrDefault(term) + 1;
            surfaces.TryAdd(term, token);
        }
        return (terms, surfaces);
    }
}
