using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Retrieval.Ranking;

/// <summary>
/// A weighted sum of ranking features. Its default weights were fitted by coordinate ascent on the SciFact
/// training queries (docs/benchmarks.md has the command); a deployment can set its own in configuration.
/// </summary>
public sealed class LinearReranker : IReranker
{
    private readonly double[] _weights;

    public LinearReranker(IReadOnlyDictionary<string, double> weights)
    {
        _weights = new double[RankingFeatures.Count];
        foreach (var (name, weight) in weights)
        {
            var index = RankingFeatures.IndexOf(name);
            if (index < 0) throw new ArgumentException($"Unknown ranking feature '{name}'; known: {string.Join(", ", RankingFeatures.Names)}.");
            if (!double.IsFinite(weight)) throw new ArgumentException($"The weight of '{name}' is not a finite number.");
            _weights[index] = weight;
        }
        if (_weights.All(w => w == 0)) throw new ArgumentException("A linear reranker needs at least one non-zero weight.");
        var canonical = string.Join(";", RankingFeatures.Names.Select((n, i) => $"{n}={_weights[i]:R}"));
        Version = "linear-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
    }

    /// <summary>
    /// Fitted on SciFact's train queries over hybrid candidates (depth 100) with only 'coverage' free besides 'fused':
    /// fits that weighted every feature gained more on train and nothing on test (docs/benchmarks.md).
    /// </summary>
    public static IReadOnlyDictionary<string, double> DefaultWeights { get; } = new Dictionary<string, double>
    {
        ["fused"] = 0.575118,
        ["coverage"] = 0.762847,
    };

    public string Version { get; }

    public IReadOnlyList<double> Weights => _weights;

    public double[] Score(IReadOnlyList<float[]> rows)
    {
        var scores = new double[rows.Count];
        for (var n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            var sum = 0.0;
            for (var i = 0; i < _weights.Length; i++) sum += _weights[i] * row[i];
            scores[n] = sum;
        }
        return scores;
    }
}
