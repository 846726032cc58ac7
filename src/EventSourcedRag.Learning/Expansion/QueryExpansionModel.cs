using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourcedRag.Learning.Expansion;

/// <summary>
/// A learned query-expansion model: per analysed query word, the documents' words users' choices associate with it.
/// It expands words, not queries, which is what lets it generalise: a new question that combines a learned word
/// with words never asked alongside it is expanded all the same. Its bytes are canonical (entries sorted, numbers
/// round-tripped), so the same training set gives the same artifact hash.
/// </summary>
public sealed class QueryExpansionModel
{
    public const string Format = "esrag-query-expansion/1";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    private readonly SortedDictionary<string, IReadOnlyList<TermExpansion>> _table;

    public QueryExpansionModel(IEnumerable<KeyValuePair<string, IReadOnlyList<TermExpansion>>> table, double knownTermWeight, double denseMinWeight)
    {
        _table = new SortedDictionary<string, IReadOnlyList<TermExpansion>>(StringComparer.Ordinal);
        foreach (var (term, expansions) in table)
            if (expansions.Count > 0) _table[term] = expansions;
        KnownTermWeight = knownTermWeight;
        DenseMinWeight = denseMinWeight;
    }

    public double KnownTermWeight { get; }

    public double DenseMinWeight { get; }

    /// <summary>Query words with at least one expansion.</summary>
    public int Terms => _table.Count;

    public int Associations => _table.Values.Sum(e => e.Count);

    public IReadOnlyList<TermExpansion> Of(string term) => _table.GetValueOrDefault(term, []);

    /// <summary>
    /// The expansions of a query's analysed words, each target word once at its heaviest weight, heaviest first. A
    /// word the query already has is not added again. <paramref name="inCorpus"/> tells whether documents use a
    /// query word themselves; its expansions then weigh <see cref="KnownTermWeight"/> as much.
    /// </summary>
    public IReadOnlyList<AppliedTermExpansion> Expand(IReadOnlyList<string> queryTerms, Func<string, bool> inCorpus)
    {
        var asked = queryTerms.ToHashSet(StringComparer.Ordinal);
        var best = new Dictionary<string, AppliedTermExpansion>(StringComparer.Ordinal);
        foreach (var from in queryTerms.Distinct(StringComparer.Ordinal))
        {
            if (!_table.TryGetValue(from, out var expansions)) continue;
            var scale = inCorpus(from) ? KnownTermWeight : 1.0;
            if (scale <= 0) continue;
            foreach (var e in expansions)
            {
                if (asked.Contains(e.Term)) continue;
                var weight = e.Confidence * scale;
                if (!best.TryGetValue(e.Term, out var current) || weight > current.Weight)
                    best[e.Term] = new AppliedTermExpansion(from, e.Term, e.Surface, weight);
            }
        }
        return [.. best.Values.OrderByDescending(e => e.Weight).ThenBy(e => e.Term, StringComparer.Ordinal)];
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(
        new Document(Format, KnownTermWeight, DenseMinWeight, _table.Select(p => new Entry(p.Key, [.. p.Value])).ToList()), Json);

    /// <summary>Reads an artifact written by <see cref="ToBytes"/>; anything else is refused with the reason.</summary>
    public static QueryExpansionModel FromBytes(byte[] bytes)
    {
        Document? document;
        try { document = JsonSerializer.Deserialize<Document>(bytes, Json); }
        catch (JsonException ex) { throw new InvalidDataException($"Not a query-expansion model: {ex.Message}"); }
        if (document is null || document.Format != Format)
            throw new InvalidDataException($"Not a query-expansion model of format {Format} (found '{document?.Format}').");
        if (document.Entries.Any(e => string.IsNullOrEmpty(e.Term) || e.Expansions.Any(x => string.IsNullOrEmpty(x.Term) || x.Confidence is <= 0 or > 1)))
            throw new InvalidDataException("The query-expansion model has an empty word or a confidence outside (0, 1].");
        return new QueryExpansionModel(document.Entries.Select(e => KeyValuePair.Create(e.Term, (IReadOnlyList<TermExpansion>)e.Expansions)),
            document.KnownTermWeight, document.DenseMinWeight);
    }

    private sealed record Document(
        [property: JsonPropertyName("format")] string Format, double KnownTermWeight, double DenseMinWeight, List<Entry> Entries);

    private sealed record Entry(string Term, List<TermExpansion> Expansions);
}
