using System.Security.Cryptography;
using EventSourcedRag.Retrieval.Analysis;
using System.Text;

namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// A dense encoder fitted on the indexed corpus itself (latent semantic analysis), for use where no pretrained
/// weights exist: sublinear TF-IDF vectors projected on the top right singular vectors of the chunk-term matrix,
/// found by a seeded randomized SVD. The same texts in the same order give the same encoder, bit for bit.
/// </summary>
public sealed class LsaEncoder : IEmbedder
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly float[] _idf;
    private readonly float[] _basis; // vocabulary × dimensions, row-major by term

    private LsaEncoder(Dictionary<string, int> vocabulary, float[] idf, float[] basis, int dimensions, string version)
    {
        _vocabulary = vocabulary;
        _idf = idf;
        _basis = basis;
        Dimensions = dimensions;
        Version = version;
    }

    public string Version { get; }
    public int Dimensions { get; }

    /// <summary>Writes the fitted state, so a restarted host need not fit again.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Version);
        w.Write(Dimensions);
        w.Write(_vocabulary.Count);
        foreach (var term in _vocabulary.OrderBy(p => p.Value).Select(p => p.Key)) w.Write(term);
        Snapshots.WriteFloats(w, _idf);
        Snapshots.WriteFloats(w, _basis);
    }

    public static LsaEncoder Read(BinaryReader r)
    {
        var version = r.ReadString();
        var dimensions = r.ReadInt32();
        var count = r.ReadInt32();
        var vocabulary = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++) vocabulary[r.ReadString()] = i;
        return new LsaEncoder(vocabulary, Snapshots.ReadFloats(r), Snapshots.ReadFloats(r), dimensions, version);
    }

    public static LsaEncoder Fit(IReadOnlyList<IReadOnlyList<string>> documents, LsaOptions options)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var term in doc.Distinct())
                df[term] = df.GetValueOrDefault(term) + 1;

        var minDf = documents.Count >= 50 ? options.MinDocumentFrequency : 1;
        var vocabulary = df.Where(p => p.Value >= minDf)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(options.MaxVocabulary)
            .Select(p => p.Key)
            .OrderBy(t => t, StringComparer.Ordinal)
            .Select((t, i) => (t, i))
            .ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);

        var n = documents.Count;
        var idf = new float[vocabulary.Count];
        foreach (var (term, id) in vocabulary)
            idf[id] = (float)(Math.Log((n + 1.0) / (df[term] + 1.0)) + 1.0);

        var rows = documents.Select(d => Weigh(d, vocabulary, idf)).ToArray();
        var dims = Math.Max(1, Math.Min(options.Dimensions, Math.Min(Math.Max(n - 1, 1), Math.Max(vocabulary.Count, 1))));
        var basis = vocabulary.Count == 0 ? new float[0] : RandomizedSvd.RightSingularVectors(rows, vocabulary.Count, dims, options.PowerIterations, options.Seed);
        return new LsaEncoder(vocabulary, idf, basis, dims, $"lsa-{dims}d-{Fingerprint(vocabulary, n, options)}");
    }

    private static readonly EnglishAnalyzer Analyzer = new();

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts) => texts.Select(t => EmbedTerms(Analyzer.Analyze(t))).ToList();

    /// <summary>Embeds text already analysed with <see cref="EnglishAnalyzer"/> (the collection analyses once for BM25 and LSA).</summary>
    public float[] EmbedTerms(IReadOnlyList<string> terms)
    {
        var result = new float[Dimensions];
        var row = Weigh(terms, _vocabulary, _idf);
        foreach (var (term, weight) in row)
        {
            var offset = term * Dimensions;
            for (var d = 0; d < Dimensions; d++) result[d] += weight * _basis[offset + d];
        }
        VectorMath.Normalize(result);
        return result;
    }

    /// <summary>Sublinear tf × idf over known terms, L2-normalised, as sparse (term id, weight) pairs sorted by id.</summary>
    private static (int Term, float Weight)[] Weigh(IReadOnlyList<string> terms, Dictionary<string, int> vocabulary, float[] idf)
    {
        var counts = new Dictionary<int, int>();
        foreach (var t in terms)
            if (vocabulary.TryGetValue(t, out var id)) counts[id] = counts.GetValueOrDefault(id) + 1;
        var row = counts.OrderBy(p => p.Key).Select(p => (p.Key, (float)((1 + Math.Log(p.Value)) * idf[p.Key]))).ToArray();
        var norm = Math.Sqrt(row.Sum(p => (double)p.Item2 * p.Item2));
        if (norm > 0)
            for (var i = 0; i < row.Length; i++) row[i].Item2 = (float)(row[i].Item2 / norm);
        return row;
    }

    private static string Fingerprint(Dictionary<string, int> vocabulary, int documents, LsaOptions options)
    {
        var sb = new StringBuilder().Append(documents).Append('|').Append(options);
        foreach (var term in vocabulary.Keys.Order(StringComparer.Ordinal)) sb.Append('|').Append(term);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..12];
    }
}
