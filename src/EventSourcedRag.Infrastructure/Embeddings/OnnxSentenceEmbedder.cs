using System.Security.Cryptography;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// A sentence-transformer (BERT family, e.g. all-MiniLM-L6-v2) run by ONNX Runtime: WordPiece tokens with
/// [CLS]/[SEP], truncated to the configured length, padded per batch; the token states are mean-pooled under
/// the attention mask and L2-normalised. The folder holds model.onnx and vocab.txt.
/// </summary>
public sealed class OnnxSentenceEmbedder : IEmbedder, IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly int _maxLength;
    private readonly int _batchSize;
    private readonly bool _wantsTokenTypes;
    private readonly string _outputName;

    public OnnxSentenceEmbedder(OnnxEmbedderOptions options)
    {
        var modelPath = Path.Combine(options.ModelFolder, "model.onnx");
        var vocabPath = Path.Combine(options.ModelFolder, "vocab.txt");
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"No ONNX model at {modelPath}.");
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"No WordPiece vocabulary at {vocabPath}.");
        _tokenizer = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = options.LowerCase });
        var sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(modelPath, sessionOptions);
        _maxLength = options.MaxLength;
        _batchSize = options.BatchSize;
        _wantsTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
        var dims = _session.OutputMetadata[_outputName].Dimensions;
        Dimensions = dims[^1] > 0 ? dims[^1] : throw new InvalidDataException("The model's hidden size must be a fixed dimension.");
        using var stream = File.OpenRead(modelPath);
        Version = $"onnx-{Path.GetFileName(Path.TrimEndingDirectorySeparator(options.ModelFolder))}-{Convert.ToHexStringLower(SHA256.HashData(stream))[..12]}";
    }

    public string Version { get; }
    public int Dimensions { get; }

    /// <summary>The token ids the model sees for a text: [CLS] … [SEP], at most the configured length.</summary>
    public IReadOnlyList<int> Tokenize(string text) =>
        _tokenizer.EncodeToIds(text, _maxLength, addSpecialTokens: true, out _, out _);

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
    {
        var result = new List<float[]>(texts.Count);
        for (var start = 0; start < texts.Count; start += _batchSize)
            result.AddRange(EmbedBatch(texts.Skip(start).Take(_batchSize).Select(Tokenize).ToList()));
        return result;
    }

    private IEnumerable<float[]> EmbedBatch(IReadOnlyList<IReadOnlyList<int>> batch)
    {
        var length = batch.Max(t => t.Count);
        var ids = new DenseTensor<long>([batch.Count, length]);
        var mask = new DenseTensor<long>([batch.Count, length]);
        for (var b = 0; b < batch.Count; b++)
            for (var t = 0; t < batch[b].Count; t++)
            {
                ids[b, t] = batch[b][t];
                mask[b, t] = 1;
            }
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input_ids", ids), NamedOnnxValue.CreateFromTensor("attention_mask", mask) };
        if (_wantsTokenTypes) inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([batch.Count, length])));

        using var outputs = _session.Run(inputs, [_outputName]);
        var states = outputs[0].AsTensor<float>();
        for (var b = 0; b < batch.Count; b++)
        {
            var pooled = new float[Dimensions];
            for (var t = 0; t < batch[b].Count; t++)
                for (var d = 0; d < Dimensions; d++) pooled[d] += states[b, t, d];
            for (var d = 0; d < Dimensions; d++) pooled[d] /= batch[b].Count;
            VectorMath.Normalize(pooled);
            yield return pooled;
        }
    }

    public void Dispose() => _session.Dispose();
}
