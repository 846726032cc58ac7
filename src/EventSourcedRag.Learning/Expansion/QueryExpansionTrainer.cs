namespace EventSourcedRag.Learning.Expansion;

/// <summary>
/// Learns which documents' words users mean by their own words, from what they chose (a click-through translation
/// model with support and confidence thresholds). For a query word q and a document word d, each user who asked
/// with q casts one vote: the weighted share of the chunks they chose for q that hold d. The confidence of q → d
/// is the mean vote over those users, so a user clicking a hundred times weighs as much as one clicking once, and
/// an association needs <see cref="QueryExpansionOptions.MinUsers"/> distinct users behind it. Its lift over the
/// word's rate in the whole corpus separates what is about q from what every document says, and from where noisy
/// clicks land (they land on varied documents, so no word of theirs keeps a high share). Deterministic: no
/// randomness, and every order is by value then ordinal.
/// </summary>
public sealed class QueryExpansionTrainer(QueryExpansionOptions options)
{
    /// <param name="documentFrequency">How many live chunks hold an analysed word.</param>
    /// <param name="chunks">How many live chunks there are.</param>
    public QueryExpansionModel Train(IReadOnlyList<ExpansionExample> examples, Func<string, int> documentFrequency, int chunks)
    {
        if (chunks <= 0) throw new ArgumentException("There are no chunks to learn the documents' words from.", nameof(chunks));
        var idf = new Dictionary<string, double>(StringComparer.Ordinal);
        double Idf(string term)
        {
            if (idf.TryGetValue(term, out var value)) return value;
            var df = documentFrequency(term);
            return idf[term] = Math.Log(1 + (chunks - df + 0.5) / (df + 0.5));
        }

        // Per (user, query word): the summed weight of chosen chunks, and of those holding each document word.
        var votes = new Dictionary<(string User, string From), (double Total, Dictionary<string, double> ByTerm)>();
        var surfaces = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            var chosen = example.Chosen.Where(c => c.Weight > 0).Select(c => (Words: Distinctive(c, Idf), c.Weight)).ToList();
            if (chosen.Count == 0) continue;
            foreach (var (words, _) in chosen)
                foreach (var (term, surface) in words)
                {
                    var forms = surfaces.TryGetValue(term, out var f) ? f : surfaces[term] = new Dictionary<string, int>(StringComparer.Ordinal);
                    forms[surface] = forms.GetValueOrDefault(surface) + 1;
                }
            foreach (var from in example.QueryTerms.Distinct(StringComparer.Ordinal))
            {
                var key = (example.User, from);
                var (total, byTerm) = votes.TryGetValue(key, out var v) ? v : (0, new Dictionary<string, double>(StringComparer.Ordinal));
                foreach (var (words, weight) in chosen)
                {
                    total += weight;
                    foreach (var term in words.Keys) byTerm[term] = byTerm.GetValueOrDefault(term) + weight;
                }
                votes[key] = (total, byTerm);
            }
        }

        var table = new List<KeyValuePair<string, IReadOnlyList<TermExpansion>>>();
        foreach (var byFrom in votes.GroupBy(v => v.Key.From, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var users = byFrom.Count();
            if (users < options.MinUsers) continue;
            var share = new Dictionary<string, (double Sum, int Users)>(StringComparer.Ordinal);
            foreach (var (_, (total, byTerm)) in byFrom)
                foreach (var (term, weight) in byTerm)
                {
                    var s = share.GetValueOrDefault(term);
                    share[term] = (s.Sum + weight / total, s.Users + 1);
                }
            var kept = new List<TermExpansion>();
            foreach (var (term, (sum, supporters)) in share)
            {
                if (term == byFrom.Key || supporters < options.MinUsers) continue;
                var confidence = sum / users;
                var lift = confidence / Math.Max(documentFrequency(term), 1) * chunks;
                if (confidence >= options.MinConfidence && lift >= options.MinLift)
                    kept.Add(new TermExpansion(term, SurfaceOf(surfaces, term), Math.Round(Math.Min(confidence, 1), 6), Math.Round(lift, 4), supporters));
            }
            if (kept.Count == 0) continue;
            table.Add(KeyValuePair.Create(byFrom.Key, (IReadOnlyList<TermExpansion>)kept
                .OrderByDescending(e => e.Confidence).ThenByDescending(e => e.Lift).ThenBy(e => e.Term, StringComparer.Ordinal)
                .Take(options.MaxPerTerm).ToList()));
        }
        return new QueryExpansionModel(table, options.KnownTermWeight, options.DenseMinWeight);
    }

    // The chunk's most distinctive words: a long chunk's every word would make every association look supported.
    private Dictionary<string, string> Distinctive(ChosenChunk chunk, Func<string, double> idf) =>
        chunk.Terms
            .Select(p => (Term: p.Key, Score: p.Value * idf(p.Key)))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Term, StringComparer.Ordinal)
            .Take(options.MaxChunkTerms)
            .ToDictionary(p => p.Term, p => chunk.Surfaces.GetValueOrDefault(p.Term, p.Term), StringComparer.Ordinal);

    private static string SurfaceOf(Dictionary<string, Dictionary<string, int>> surfaces, string term) =>
        surfaces.TryGetValue(term, out var forms)
            ? forms.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key
            : term;
}
