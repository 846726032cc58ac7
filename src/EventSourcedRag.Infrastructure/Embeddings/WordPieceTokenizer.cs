using System.Text;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// BERT's uncased WordPiece tokenizer over a vocabulary (one token a line, the line index is its id): special
/// tokens written literally in the text are kept as themselves, the rest is normalised (<see cref="BertNormalizer"/>),
/// split on white space and punctuation, and each word cut greedily into the longest pieces in the vocabulary
/// ("##" marks a piece inside a word). A word with a piece missing, or longer than 100 characters, is [UNK].
/// The result is [CLS] … [SEP], truncated to the maximum length.
/// </summary>
public sealed class WordPieceTokenizer
{
    private const int MaxCharsPerWord = 100;
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
    private readonly Dictionary<string, int> _ids;
    private readonly bool _lowerCase;

    public WordPieceTokenizer(IReadOnlyList<string> vocabulary, bool lowerCase = true)
    {
        _ids = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++) _ids.TryAdd(vocabulary[i], i);
        foreach (var token in SpecialTokens.Where(t => t != "[MASK]"))
            if (!_ids.ContainsKey(token)) throw new InvalidDataException($"The vocabulary has no {token} token; it is not a BERT WordPiece vocabulary.");
        _lowerCase = lowerCase;
        Unknown = _ids["[UNK]"];
        Cls = _ids["[CLS]"];
        Sep = _ids["[SEP]"];
    }

    public int Unknown { get; }
    public int Cls { get; }
    public int Sep { get; }
    public int VocabularySize => _ids.Count;

    /// <summary>The ids the model sees, and whether the text had to be cut to fit <paramref name="maxLength"/>.</summary>
    public (int[] Ids, bool Truncated) Encode(string text, int maxLength)
    {
        var pieces = new List<int>();
        foreach (var (segment, special) in SplitOnSpecialTokens(text))
        {
            if (special) pieces.Add(_ids[segment]);
            else foreach (var word in Words(BertNormalizer.Normalize(segment, _lowerCase))) AddPieces(word, pieces);
        }
        var room = Math.Max(0, maxLength - 2);
        var truncated = pieces.Count > room;
        var ids = new int[Math.Min(pieces.Count, room) + 2];
        ids[0] = Cls;
        pieces.CopyTo(0, ids, 1, ids.Length - 2);
        ids[^1] = Sep;
        return (ids, truncated);
    }

    private IEnumerable<(string Text, bool Special)> SplitOnSpecialTokens(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var (at, token) = NextSpecial(text, start);
            if (at < 0) break;
            if (at > start) yield return (text[start..at], false);
            yield return (token!, true);
            start = at + token!.Length;
        }
        if (start < text.Length) yield return (text[start..], false);
    }

    private (int At, string? Token) NextSpecial(string text, int from)
    {
        var best = (At: -1, Token: (string?)null);
        if (text.IndexOf('[', from) < 0) return best;
        foreach (var token in SpecialTokens)
        {
            if (!_ids.ContainsKey(token)) continue;
            var at = text.IndexOf(token, from, StringComparison.Ordinal);
            if (at >= 0 && (best.At < 0 || at < best.At)) best = (at, token);
        }
        return best;
    }

    private static IEnumerable<string> Words(string normalized)
    {
        var word = new StringBuilder();
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || BertNormalizer.IsPunctuation(rune))
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
                if (!Rune.IsWhiteSpace(rune)) yield return rune.ToString();
            }
            else word.Append(rune.ToString());
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private void AddPieces(string word, List<int> pieces)
    {
        var runes = word.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (runes.Length > MaxCharsPerWord)
        {
            pieces.Add(Unknown);
            return;
        }
        var found = new List<int>();
        for (var start = 0; start < runes.Length;)
        {
            var piece = -1;
            var end = runes.Length;
            for (; end > start; end--)
            {
                var candidate = (start > 0 ? "##" : "") + string.Concat(runes[start..end]);
                if (_ids.TryGetValue(candidate, out piece)) break;
                piece = -1;
            }
            if (piece < 0)
            {
                pieces.Add(Unknown);
                return;
            }
            found.Add(piece);
            start = end;
        }
        pieces.AddRange(found);
    }
}
