using System.Text;

namespace EventSourcedRag.Retrieval.Analysis;

/// <summary>The canonical form of a question: NFKC, whitespace collapsed, trimmed, lower-case. Used to group repeated queries.</summary>
public static class QueryNormalizer
{
    public static string Normalize(string text)
    {
        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        var space = false;
        foreach (var c in nfkc)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
