namespace EventSourcedRag.Retrieval.Analysis;

/// <summary>
/// Adds the expansions of acronyms and synonyms found in a query, from a configurable dictionary
/// ("pto" → "paid time off"). Keys match whole words or phrases, case-insensitively; the original words stay.
/// </summary>
public sealed class SynonymExpander
{
    private readonly List<(string[] Key, string Expansion)> _entries;

    public SynonymExpander(IReadOnlyDictionary<string, string> dictionary)
    {
        _entries = dictionary
            .Select(p => (Key: EnglishAnalyzer.Tokenize(p.Key).ToArray(), Expansion: p.Value.Trim()))
            .Where(e => e.Key.Length > 0 && e.Expansion.Length > 0)
            .OrderByDescending(e => e.Key.Length) // longer phrases first, so "paid time off" is matched before "time"
            .ThenBy(e => string.Join(' ', e.Key), StringComparer.Ordinal)
            .ToList();
    }

    public static SynonymExpander None { get; } = new(new Dictionary<string, string>());

    /// <summary>The query followed by the expansion of every dictionary entry it contains (each once).</summary>
    public string Expand(string query)
    {
        if (_entries.Count == 0) return query;
        var words = EnglishAnalyzer.Tokenize(query).ToArray();
        var added = new List<string>();
        foreach (var (key, expansion) in _entries)
            if (Contains(words, key) && !added.Contains(expansion)) added.Add(expansion);
        return added.Count == 0 ? query : query + " " + string.Join(' ', added);
    }

    private static bool Contains(string[] words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Length; i++)
        {
            var match = true;
            for (var j = 0; j < phrase.Length && match; j++) match = words[i + j] == phrase[j];
            if (match) return true;
        }
        return false;
    }
}
