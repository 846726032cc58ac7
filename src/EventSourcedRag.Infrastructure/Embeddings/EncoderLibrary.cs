using System.Collections.Concurrent;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// Encoders by exact version, for replays: a response served by another encoder than this host's (before a switch,
/// or by a replica configured otherwise) is replayed with that encoder and its stored vectors. Packaged encoders load
/// on first use and stay loaded; the serving one is shared.
/// </summary>
public sealed class EncoderLibrary(EncoderRuntime runtime, IEmbedder? serving = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IEmbedder?>> _loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// The encoder of <paramref name="version"/>: the serving one, a packaged one whose name, model hash and pooling the
    /// version names, or null (the corpus-fitted LSA encoder, or a folder model this host cannot load).
    /// </summary>
    public IEmbedder? For(string version)
    {
        if (serving?.Version == version) return serving;
        return _loaded.GetOrAdd(version, v => new Lazy<IEmbedder?>(() => Load(v))).Value;
    }

    /// <summary>The exact version a packaged encoder has at <paramref name="maxLength"/> tokens (0: the model's own), without loading it.</summary>
    public static string? VersionOf(string name, int maxLength) =>
        PretrainedEncoders.Find(name) is { } p
            ? $"{p.Spec.Name}@sha256:{p.ModelSha256}/{p.Spec.Pooling.ToString().ToLowerInvariant()}/{(maxLength == 0 ? p.Spec.MaxLength : maxLength)}"
            : null;

    /// <summary>Whether the version names the corpus-fitted LSA encoder (or no dense encoder at all).</summary>
    public static bool IsLsa(string version) => version.StartsWith("lsa", StringComparison.Ordinal) || version == "none";

    private OnnxSentenceEmbedder? Load(string version)
    {
        // name@sha256:<hex>/<pooling>/<max length>
        var parts = version.Split('/');
        if (parts.Length != 3 || parts[0].Split("@sha256:") is not [var name, var sha] || !int.TryParse(parts[2], out var maxLength)) return null;
        if (PretrainedEncoders.Find(name) is not { } packaged || packaged.ModelSha256 != sha
            || !string.Equals(packaged.Spec.Pooling.ToString(), parts[1], StringComparison.OrdinalIgnoreCase)) return null;
        var encoder = new OnnxSentenceEmbedder(EncoderModel.FromPackage(packaged, maxLength), runtime);
        return encoder.Version == version ? encoder : null;
    }

    public void Dispose()
    {
        foreach (var entry in _loaded.Values.Where(l => l.IsValueCreated)) (entry.Value as IDisposable)?.Dispose();
    }
}
