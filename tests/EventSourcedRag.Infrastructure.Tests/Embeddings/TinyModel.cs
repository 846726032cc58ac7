using EventSourcedRag.Learning.Onnx;

namespace EventSourcedRag.Infrastructure.Tests.Embeddings;

/// <summary>
/// A sentence-transformer-shaped ONNX model the tests write themselves: token states are rows of an embedding
/// table (a Gather), so the expected pooled vector can be computed by hand.
/// </summary>
public static class TinyModel
{
    public static float[] Table(int vocabulary, int hidden, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, vocabulary * hidden).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    public static void Write(string folder, string[] vocabulary, float[] table, int hidden)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), vocabulary);
        var model = new OnnxGraph("tiny-sentence-encoder")
            .Input("input_ids", OnnxGraph.Int64, "batch", "sequence")
            .Input("attention_mask", OnnxGraph.Int64, "batch", "sequence")
            .Input("token_type_ids", OnnxGraph.Int64, "batch", "sequence")
            .FloatInitializer("embeddings", [vocabulary.Length, hidden], table)
            .Node("Gather", ["embeddings", "input_ids"], ["last_hidden_state"], attributes: new Dictionary<string, object> { ["axis"] = 0L })
            .Output("last_hidden_state", OnnxGraph.Float, "batch", "sequence", hidden);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), model.ToBytes());
    }
}
