namespace EventSourcedRag.Retrieval.Chunking;

/// <summary>Finds sentence spans: ends at . ! ? followed by space and an upper-case letter or digit, and at blank lines.</summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "no", "fig", "approx", "dept", "st",
    };

    public static List<(int Start, int End)> Split(string text)
    {
        var spans = new List<(int, int)>();
        var start = SkipSpace(text, 0);
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            var paragraphBreak = c == '\n' && i + 1 < text.Length && (NextLineBlankOrBullet(text, i + 1) || EndsHeading(text, start, i));
            var terminal = (c is '.' or '!' or '?') && IsSentenceEnd(text, i);
            if (!paragraphBreak && !terminal) continue;
            var end = terminal ? SkipClosers(text, i + 1) : i;
            Add(spans, text, start, end);
            start = SkipSpace(text, end);
            i = Math.Max(i, start - 1);
        }
        Add(spans, text, start, text.Length);
        return spans;
    }

    private static void Add(List<(int, int)> spans, string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) spans.Add((start, end));
    }

    private static bool IsSentenceEnd(string text, int i)
    {
        var next = i + 1;
        next = SkipClosers(text, next);
        if (next >= text.Length) return true;
        if (!char.IsWhiteSpace(text[next])) return false;
        var after = SkipSpace(text, next);
        if (after >= text.Length) return true;
        if (!(char.IsUpper(text[after]) || char.IsDigit(text[after]) || text[after] is '"' or '(' or '[' or '-' or '*')) return false;
        if (text[i] != '.') return true;
        var wordStart = i;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.')) wordStart--;
        var word = text[wordStart..i];
        return !(Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])));
    }

    /// <summary>A short line without closing punctuation followed by a capitalised line is a heading, not a wrapped sentence.</summary>
    private static bool EndsHeading(string text, int sentenceStart, int newline)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(newline - 1, 0)) + 1;
        lineStart = Math.Max(lineStart, sentenceStart);
        var line = text.AsSpan(lineStart, newline - lineStart).Trim();
        if (line.Length == 0 || line.Length > MaxHeadingLength || line[^1] is '.' or ',' or ';' or ':' or '-' or '!' or '?') return false;
        var next = SkipSpace(text, newline + 1);
        return next < text.Length && char.IsUpper(text[next]);
    }

    private const int MaxHeadingLength = 80;

    private static bool NextLineBlankOrBullet(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '\r') i++;
        return i >= text.Length || text[i] == '\n' || text[i] is '-' or '*' or '•' or '#' || (char.IsDigit(text[i]) && i + 1 < text.Length && text[i + 1] is '.' or ')');
    }

    private static int SkipClosers(string text, int i)
    {
        while (i < text.Length && text[i] is '"' or '\'' or ')' or ']' or '”' or '’') i++;
        return i;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }
}
