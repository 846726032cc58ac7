using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// Stand-in chunk vectors for a load bench with a pretrained encoder, since embedding 100,000 chunks takes hours on
/// this machine: the model's real vectors of a few hundred synthetic chunks, each stored chunk given one of them plus
/// seeded noise, renormalised. Unit vectors in the model's space with its clusters, all distinct (identical vectors
/// would make the graph's neighbour lists degenerate), but NOT the model's vectors of the chunks they are stored for;
/// ranking quality on them means nothing, their cost to load, hold and search is the point. Queries stay real.
/// </summary>
public sealed class StoredVectorPool
{
    private const int Distinct = 256;
    private const float Noise = 0.35f; // the noise's expected length against a unit vector
    private readonly float[][] _real;

    private StoredVectorPool(string version, float[][] real) => (Version, _real) = (version, real);

    /// <summary>The encoder version the vectors are stored under (the host serves only its own).</summary>
    public string Version { get; }

    public static StoredVectorPool Embed(EncoderModel model)
    {
        using var encoder = new OnnxSentenceEmbedder(model, EncoderRuntime.Default);
        var texts = new SyntheticCorpus(seed: 11).Documents(Distinct).SelectMany(d => d.Chunks.Select(c => EmbeddingInput.Of(d.Title, c))).ToList();
        return new StoredVectorPool(model.Version, encoder.Embed(texts).ToArray());
    }

    /// <summary>The stand-in vector of the <paramref name="n"/>-th chunk written: the same for the same n in every run.</summary>
    public float[] For(int n)
    {
        var random = new Random(n);
        var vector = (float[])_real[n % _real.Length].Clone();
        var sigma = Noise / MathF.Sqrt(vector.Length);
        for (var d = 0; d < vector.Length; d++) vector[d] += sigma * Gaussian(random);
        VectorMath.Normalize(vector);
        return vector;
    }

    /// <summary>Writes chunks' vectors as the worker's embedding stage stores them, keyed by the hash of what it embeds.</summary>
    public async Task StoreAsync(StorageOptions storage, IReadOnlyList<(string Title, string Text, int N)> chunks, CancellationToken ct)
    {
        var store = new ChunkVectorStore(Options.Create(storage));
        var rows = chunks.Select(c => (EmbeddingInput.Hash(c.Title, c.Text), new EncodedText(For(c.N), c.Text.Length / 5, false))).ToList();
        await store.StoreAsync("default", Version, rows, ct);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
