using EventSourcedRag.Retrieval.Lexical;

namespace EventSourcedRag.Retrieval.Search;

/// <summary>The lexical query, with the words a learned expander adds, and the corpus statistics the expander learns against.</summary>
public sealed partial class ChunkCollection
{
    /// <summary>How many live chunks there are, and how many hold each of <paramref name="terms"/> (analysed words).</summary>
    public (int Chunks, IReadOnlyDictionary<string, int> Frequencies) DocumentFrequencies(IEnumerable<string> terms)
    {
        _lock.EnterReadLock();
        try
        {
            var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in terms) frequencies[term] = _bm25.DocumentFrequency(term);
            return (_bm25.LiveCount, frequencies);
        }
        finally { _lock.ExitReadLock(); }
    }

    // An added word scores as a query word would, times its weight.
    private List<(int Slot, double Score)> Lexical(IReadOnlyList<string> terms, IReadOnlyList<QueryExpansion> expansions, int k, Func<int, bool>? filter)
    {
        if (Settings.TitleBoost == 0 && expansions.Count == 0) return _bm25.Search(terms, k, filter);
        var scores = ScoreAccumulator.Start(_slots.Count);
        _bm25.Accumulate(terms, scores, filter);
        foreach (var e in expansions) _bm25.Accumulate([e.Term], scores, filter, e.Weight);
        if (Settings.TitleBoost == 0) return scores.Best(k);
        // Only documents that match in the contents count; a title match adds its whole title score to them.
        var titleScores = ScoreAccumulator.Start(_slots.Count, lane: 1);
        _titles.Accumulate(terms, titleScores, filter, Settings.TitleBoost);
        foreach (var e in expansions) _titles.Accumulate([e.Term], titleScores, filter, Settings.TitleBoost * e.Weight);
        foreach (var slot in titleScores.Touched) scores.AddIfTouched(slot, titleScores[slot]);
        return scores.Best(k);
    }

    // The heaviest added words join the text the encoder embeds: a sentence encoder cannot weigh words, so only
    // those the model is most sure of are worth moving the query's vector.
    private float[]? EmbedExpandedLocked(SearchRequest request, IReadOnlyList<string> terms, IReadOnlyList<QueryExpansion> expansions)
    {
        var dense = request.Expander is { } expander ? expansions.Where(e => e.Weight >= expander.DenseMinWeight).ToList() : [];
        return dense.Count == 0
            ? EmbedQueryLocked(request.Text, terms)
            : EmbedQueryLocked(request.Text + " " + string.Join(' ', dense.Select(e => e.Surface)), [.. terms, .. dense.Select(e => e.Term)]);
    }
}
