namespace EventSourcedRag.Retrieval.Chunking;

/// <summary>
/// Packs whole sentences into chunks of about <c>targetTokens</c> whitespace tokens; each chunk repeats the
/// last sentences of the previous one up to <c>overlapTokens</c>, so an answer spanning a boundary stays findable.
/// A sentence longer than the target is cut at the target.
/// </summary>
public sealed class SentenceChunker(int targetTokens, int overlapTokens)
{
    public int TargetTokens { get; } = targetTokens > 0 ? targetTokens : throw new ArgumentOutOfRangeException(nameof(targetTokens));
    public int OverlapTokens { get; } = overlapTokens >= 0 && overlapTokens < targetTokens ? overlapTokens : throw new ArgumentOutOfRangeException(nameof(overlapTokens));

    public List<TextChunk> Chunk(string text)
    {
        var units = new List<(int Start, int End, int Tokens)>();
        foreach (var (start, end) in SentenceSplitter.Split(text))
            units.AddRange(CutLong(text, start, end));

        var chunks = new List<TextChunk>();
        var first = 0;
        while (first < units.Count)
        {
            var last = first;
            var tokens = units[first].Tokens;
            while (last + 1 < units.Count && tokens + units[last + 1].Tokens <= TargetTokens)
                tokens += units[++last].Tokens;
            var (s, e) = (units[first].Start, units[last].End);
            chunks.Add(new TextChunk(chunks.Count, text[s..e], s, e, tokens));
            if (last + 1 >= units.Count) break;

            // Step back over trailing sentences that fit in the overlap, but always advance.
            var next = last + 1;
            var overlap = 0;
            while (next - 1 > first && overlap + units[next - 1].Tokens <= OverlapTokens)
                overlap += units[--next].Tokens;
            first = next;
        }
        return chunks;
    }

    private IEnumerable<(int, int, int)> CutLong(string text, int start, int end)
    {
        var wordStarts = new List<int>();
        for (var i = start; i < end; i++)
            if (!char.IsWhiteSpace(text[i]) && (i == start || char.IsWhiteSpace(text[i - 1]))) wordStarts.Add(i);
        for (var w = 0; w < wordStarts.Count; w += TargetTokens)
        {
            var pieceEnd = w + TargetTokens < wordStarts.Count ? wordStarts[w + TargetTokens] : end;
            var trimmed = pieceEnd;
            while (trimmed > wordStarts[w] && char.IsWhiteSpace(text[trimmed - 1])) trimmed--;
            yield return (wordStarts[w], trimmed, Math.Min(TargetTokens, wordStarts.Count - w));
        }
    }
}
