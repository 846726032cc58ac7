using EventSourcedRag.Retrieval.Ranking;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>
/// Serves a trained reranker (an ONNX graph over <see cref="RankingFeatures"/> rows: "features" [N, F] in,
/// "score" [N, 1] out) through ONNX Runtime. One session per model; ONNX Runtime sessions are safe to run
/// from several threads at once.
/// </summary>
public sealed class OnnxReranker : IReranker, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly int _width;

    /// <param name="version">The model version that names this reranker in served events.</param>
    public OnnxReranker(string version, byte[] model, int threads = 1)
    {
        Version = version;
        _session = new InferenceSession(model, new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 });
        var input = _session.InputMetadata.Single();
        _inputName = input.Key;
        _width = input.Value.Dimensions[^1];
        if (_width <= 0) throw new ArgumentException($"Reranker {version} does not fix its feature width.");
    }

    public string Version { get; }

    public double[] Score(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) return [];
        var batch = new float[rows.Count * _width];
        for (var r = 0; r < rows.Count; r++)
        {
            // Rows may be wider than the model when features were added after it was trained: it reads its prefix.
            if (rows[r].Length < _width) throw new ArgumentException($"Reranker {Version} needs {_width} features, a row has {rows[r].Length}.");
            Array.Copy(rows[r], 0, batch, r * _width, _width);
        }
        using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, new DenseTensor<float>(batch, [rows.Count, _width]))]);
        var scores = outputs[0].AsEnumerable<float>().ToArray();
        return Array.ConvertAll(scores, s => (double)s);
    }

    public void Dispose() => _session.Dispose();
}
