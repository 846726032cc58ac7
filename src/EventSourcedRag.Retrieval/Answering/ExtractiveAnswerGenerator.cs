using System.Text;
using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Chunking;

namespace EventSourcedRag.Retrieval.Answering;

/// <summary>
/// Answers with the sentences of the top sources that best cover the question's terms, each followed by the
/// number of the source it came from. No model, no invention: every word of the answer is in a cited source.
/// </summary>
public sealed class ExtractiveAnswerGenerator(int maxSources = 3, int maxSentences = 3) : IAnswerGenerator
{
    public const string NoAnswer = "The indexed documents do not answer this question.";
    private readonly EnglishAnalyzer _analyzer = new();

    // Words that shape a question but say nothing about its subject; they must not make a sentence look relevant.
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "what", "when", "where", "which", "who", "whom", "whose", "why", "how", "do", "doe", "did", "i", "my", "me", "we", "our",
        "you", "your", "can", "could", "should", "would", "must", "mai", "need", "get", "ar", "am", "ha", "have", "much", "mani",
    };

    /// <summary>A sentence must score at least this fraction of the best sentence to join the answer.</summary>
    private const double RelativeFloor = 0.6;

    public string Name => "extractive-v1";

    public Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength, CancellationToken cancellationToken)
    {
        var queryTerms = _analyzer.Analyze(question).Where(t => !QuestionWords.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<(AnswerSource Source, int Order, string Sentence, HashSet<string> Matched, double Score)>();
        foreach (var source in sources.OrderBy(s => s.Position).Take(maxSources))
        {
            var order = 0;
            foreach (var (start, end) in SentenceSplitter.Split(source.Text))
            {
                var sentence = source.Text[start..end].Trim();
                var terms = _analyzer.Analyze(sentence);
                var matched = terms.Where(queryTerms.Contains).ToHashSet(StringComparer.Ordinal);
                if (matched.Count == 0 || terms.Count < 3) { order++; continue; }
                // Coverage of the question, a mild preference for higher-ranked sources and for concise sentences.
                var score = (double)matched.Count / queryTerms.Count + 0.15 / source.Position - 0.002 * Math.Max(0, terms.Count - 40);
                candidates.Add((source, order++, sentence, matched, score));
            }
        }

        var chosen = new List<(AnswerSource Source, int Order, string Sentence, HashSet<string> Matched, double Score)>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var ranked = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Source.Position).ThenBy(c => c.Order).ToList();
        foreach (var c in ranked)
        {
            if (chosen.Count == maxSentences || c.Score < RelativeFloor * ranked[0].Score) break;
            // Skip sentences that add no question term beyond those already chosen, after the first.
            if (chosen.Count > 0 && c.Matched.IsSubsetOf(covered)) continue;
            chosen.Add(c);
            covered.UnionWith(c.Matched);
        }

        if (chosen.Count == 0 || queryTerms.Count == 0)
            return Task.FromResult(new GeneratedAnswer(NoAnswer, [], 0));

        var text = new StringBuilder();
        foreach (var c in chosen.OrderBy(c => c.Source.Position).ThenBy(c => c.Order))
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(EndWithPeriod(c.Sentence)).Append(" [").Append(c.Source.Position).Append(']');
        }
        var citations = chosen.Select(c => c.Source).DistinctBy(s => s.Position).OrderBy(s => s.Position)
            .Select(s => new AnswerCitation(s.Position, s.ChunkId, s.Position)).ToList();
        var coverage = (double)covered.Count / queryTerms.Count;
        var confidence = Math.Round(0.6 * coverage + 0.4 * Math.Clamp(retrievalStrength, 0, 1), 4);
        return Task.FromResult(new GeneratedAnswer(text.ToString(), citations, confidence));
    }

    private static string EndWithPeriod(string sentence) =>
        sentence.Length > 0 && sentence[^1] is '.' or '!' or '?' ? sentence : sentence + ".";
}
