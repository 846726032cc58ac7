using System.Reflection;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <param name="ResourcePrefix">Manifest resources "{prefix}.model.onnx" and "{prefix}.vocab.txt".</param>
/// <param name="DenseWeight">The hybrid's dense fusion weight tuned for this encoder on SciFact's training queries
/// (`esrag bench encoders`, docs/benchmarks.md); never on a measured split.</param>
public sealed record PretrainedEncoder(EncoderSpec Spec, Assembly Assembly, string ResourcePrefix, string ModelSha256, double DenseWeight = 0.4);
