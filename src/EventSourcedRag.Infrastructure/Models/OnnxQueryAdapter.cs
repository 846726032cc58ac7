using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>
/// Serves a trained query adapter (an ONNX graph "query" [N, d] → "adapted" [N, d], see <see cref="LinearAdapterOnnx"/>)
/// through ONNX Runtime. The encoder it applies to is read from the model's own metadata.
/// </summary>
public sealed class OnnxQueryAdapter : IQueryAdapter, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly int _width;

    public OnnxQueryAdapter(string version, byte[] model)
    {
        Version = version;
        _session = new InferenceSession(model, new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        try
        {
            var input = _session.InputMetadata.Single();
            _inputName = input.Key;
            _width = input.Value.Dimensions[^1];
            if (_width <= 0) throw new ArgumentException($"Query adapter {version} does not fix its width.");
            EncoderVersion = _session.ModelMetadata.CustomMetadataMap.TryGetValue(LinearAdapterOnnx.EncoderKey, out var encoder) && encoder.Length > 0
                ? encoder
                : throw new ArgumentException($"Query adapter {version} does not name the encoder it was trained for.");
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public string Version { get; }

    public string EncoderVersion { get; }

    public float[] Adapt(float[] query)
    {
        if (query.Length != _width) throw new ArgumentException($"Query adapter {Version} maps {_width}-dimensional queries, not {query.Length}-dimensional ones.");
        using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, new DenseTensor<float>(query, [1, _width]))]);
        return outputs[0].AsEnumerable<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
