using System.Text.RegularExpressions;

namespace EventSourcedRag.Retrieval.Answering;

/// <summary>
/// Holds a written answer to its sources: every [n] must name a shown source. Markers that name none are
/// removed (a model can invent [7] with five sources shown), the rest become the answer's citations, and the
/// answer's grounding is the share of its sentences that carry a valid citation.
/// </summary>
public static partial class CitationCheck
{
    public sealed record Checked(string Text, IReadOnlyList<AnswerCitation> Citations, IReadOnlyList<int> Removed, double Grounding);

    [GeneratedRegex(@"\s?\[(\d{1,4})\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceBreak();

    public static Checked Check(string text, IReadOnlyList<AnswerSource> sources)
    {
        var byPosition = sources.ToDictionary(s => s.Position);
        var removed = new List<int>();
        var cited = new SortedDictionary<int, AnswerSource>();
        var cleaned = Marker().Replace(text, m =>
        {
            var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (byPosition.TryGetValue(n, out var source))
            {
                cited[n] = source;
                return m.Value;
            }
            removed.Add(n);
            return "";
        }).Trim();
        var sentences = SentenceBreak().Split(cleaned).Where(s => s.Length > 0).ToList();
        var grounded = sentences.Count(s => Marker().IsMatch(s));
        return new Checked(cleaned, cited.Values.Select(s => new AnswerCitation(s.Position, s.ChunkId, s.Position)).ToList(), removed,
            sentences.Count == 0 ? 0 : (double)grounded / sentences.Count);
    }
}
