using EventSourcedRag.Learning.Adapters;

namespace EventSourcedRag.Learning.Onnx;

/// <summary>
/// Exports a <see cref="LinearAdapter"/> as ONNX: "query" [N, d] → MatMul with Wᵀ → LpNormalization (L2, per row)
/// → "adapted" [N, d]. The encoder whose space it lives in goes into the model's metadata ("encoder"), so an
/// artifact names what it may be applied to by itself.
/// </summary>
public static class LinearAdapterOnnx
{
    public const string EncoderKey = "encoder";
    public const string InputName = "query";
    public const string OutputName = "adapted";

    public static byte[] Export(LinearAdapter adapter, string encoderVersion)
    {
        var d = adapter.Dimensions;
        var transposed = new float[d * d];
        for (var r = 0; r < d; r++)
            for (var c = 0; c < d; c++)
                transposed[c * d + r] = adapter.Matrix[r * d + c];
        return new OnnxGraph("query_adapter")
            .Input(InputName, OnnxGraph.Float, null, d)
            .FloatInitializer("w_t", [d, d], transposed)
            .Node("MatMul", [InputName, "w_t"], ["mapped"])
            .Node("LpNormalization", ["mapped"], [OutputName], attributes: new Dictionary<string, object> { ["axis"] = 1L, ["p"] = 2L })
            .Output(OutputName, OnnxGraph.Float, null, d)
            .Metadata(EncoderKey, encoderVersion)
            .Metadata("kind", "query-adapter")
            .ToBytes();
    }
}
