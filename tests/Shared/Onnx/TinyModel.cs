using EventSourcedRag.Learning.Onnx;

namespace EventSourcedRag.Testing.Onnx;

/// <summary>
/// A sentence-transformer-shaped ONNX model the tests write themselves: token states are rows of an embedding
/// table (a Gather), so the expected pooled vector can be computed by hand. With <c>maxPositions</c> a position
/// table is added as in BERT, and the model fails on any text longer than it: a real way for one chunk to fail.
/// </summary>
public static class TinyModel
{
    public static float[] Table(int vocabulary, int hidden, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, vocabulary * hidden).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    public static void Write(string folder, string[] vocabulary, float[] table, int hidden, int? maxPositions = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), vocabulary);
        var model = new OnnxGraph("tiny-sentence-encoder")
            .Input("input_ids", OnnxGraph.Int64, "batch", "sequence")
            .Input("attention_mask", OnnxGraph.Int64, "batch", "sequence")
            .Input("token_type_ids", OnnxGraph.Int64, "batch", "sequence")
            .FloatInitializer("embeddings", [vocabulary.Length, hidden], table);
        if (maxPositions is not { } positions)
            model.Node("Gather", ["embeddings", "input_ids"], ["last_hidden_state"], attributes: Axis0);
        else
            model.FloatInitializer("positions", [positions, hidden], new float[positions * hidden])
                .Int64Initializer("zero", [], [0]).Int64Initializer("one", [], [1])
                .Node("Shape", ["input_ids"], ["shape"])
                .Node("Gather", ["shape", "one"], ["sequence_length"], attributes: Axis0)
                .Node("Range", ["zero", "sequence_length", "one"], ["position_ids"])
                .Node("Gather", ["positions", "position_ids"], ["position_states"], attributes: Axis0)
                .Node("Gather", ["embeddings", "input_ids"], ["token_states"], attributes: Axis0)
                .Node("Add", ["token_states", "position_states"], ["last_hidden_state"]);
        model.Output("last_hidden_state", OnnxGraph.Float, "batch", "sequence", hidden);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), model.ToBytes());
    }

    private static readonly Dictionary<string, object> Axis0 = new() { ["axis"] = 0L };
}
