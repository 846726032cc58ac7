using System.Globalization;
using System.Text;

namespace EventSourcedRag.Retrieval.Analysis;

/// <summary>
/// Turns text into index terms the way Lucene's EnglishAnalyzer does: split on letters and digits,
/// drop possessive 's, lower-case, fold accents to ASCII, remove English stop words, Porter-stem.
/// </summary>
public sealed class EnglishAnalyzer
{
    /// <summary>Lucene's default English stop set.</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    };

    private readonly bool _stem;

    public EnglishAnalyzer(bool stem = true) => _stem = stem;

    public List<string> Analyze(string text)
    {
        var terms = new List<string>();
        foreach (var token in Tokenize(text))
        {
            if (StopWords.Contains(token)) continue;
            terms.Add(_stem ? PorterStemmer.Stem(token) : token);
        }
        return terms;
    }

    /// <summary>Lower-cased, accent-folded word tokens, stop words included.</summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        var folded = Fold(text);
        var sb = new StringBuilder();
        for (var i = 0; i <= folded.Length; i++)
        {
            var c = i < folded.Length ? folded[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                continue;
            }
            // Keep "don't" together as Lucene's StandardTokenizer does; drop the possessive "'s".
            if (c == '\'' && sb.Length > 0 && i + 1 < folded.Length && char.IsLetter(folded[i + 1]))
            {
                if ((folded[i + 1] is 's' or 'S') && (i + 2 >= folded.Length || !char.IsLetterOrDigit(folded[i + 2])))
                {
                    i++;
                    continue;
                }
                sb.Append('\'');
                continue;
            }
            if (sb.Length > 0)
            {
                yield return sb.ToString();
                sb.Clear();
            }
        }
    }

    /// <summary>Unicode compatibility decomposition with combining marks removed: "Café" becomes "Cafe".</summary>
    public static string Fold(string text)
    {
        var ascii = true;
        foreach (var c in text) if (c > 0x7F) { ascii = false; break; }
        if (ascii) return text;
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            sb.Append(c switch { 'ß' => 's', 'æ' => 'a', 'Æ' => 'A', 'ø' => 'o', 'Ø' => 'O', 'ł' => 'l', 'Ł' => 'L', _ => c });
        }
        return sb.ToString();
    }
}
