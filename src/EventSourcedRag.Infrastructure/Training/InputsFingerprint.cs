using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// The address of a model's training inputs, recorded with the model: SHA-256 over a header and one tab-separated line
/// per labelled response. Each kind names the fields it learns from, so the same inputs always give the same address and a
/// data scientist can tell two runs on the same evidence apart from two runs on different evidence.
/// </summary>
public static class InputsFingerprint
{
    public static string Of(string header, IEnumerable<AdapterQuery> labelled, Func<AdapterQuery, IEnumerable<string>> fields)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(header));
        foreach (var q in labelled)
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\t', fields(q)) + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The response's chosen chunks with their weights, "chunk:weight" (round-trip form) separated by spaces.</summary>
    public static string Positives(AdapterQuery q) =>
        string.Join(' ', q.Positives.Select(p => $"{p.Key:N}:{p.Value.ToString("R", CultureInfo.InvariantCulture)}"));

    /// <summary>The response's hard negatives, separated by spaces.</summary>
    public static string Negatives(AdapterQuery q) => string.Join(' ', q.HardNegatives.Select(n => n.ToString("N")));
}
