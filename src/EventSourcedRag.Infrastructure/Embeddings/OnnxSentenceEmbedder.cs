using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// A BERT-family sentence encoder run by ONNX Runtime: WordPiece tokens ([CLS] … [SEP], truncated to the spec's
/// length), the model's token states pooled as the model was trained (mean or CLS) and L2-normalised. Queries get
/// the model's query prefix, documents do not. Texts are sorted by length and batched up to a token budget, so
/// short texts are not padded to long ones; padding never changes a vector. Queries run on their own session when
/// <see cref="EncoderRuntime.QueryThreads"/> asks for fewer threads than documents use: the same model and graph, so
/// the same vector, without a short query paying for the synchronisation of several threads. Thread-safe.
/// </summary>
public sealed class OnnxSentenceEmbedder : IEmbedder, IDisposable
{
    private readonly InferenceSession _session;
    private readonly InferenceSession _querySession;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly EncoderRuntime _runtime;
    private readonly QueryVectorCache _queries;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public OnnxSentenceEmbedder(EncoderModel model, EncoderRuntime runtime, ILogger? logger = null)
    {
        Spec = model.Spec;
        Version = model.Version;
        _runtime = runtime;
        _queries = new QueryVectorCache(runtime.QueryCacheSize);
        _tokenizer = new WordPieceTokenizer(model.Vocabulary);
        (_session, Device) = OnnxSessions.Create(model.Onnx, runtime, logger);
        _querySession = runtime.SeparateQuerySession && Device == "cpu"
            ? OnnxSessions.Create(model.Onnx, runtime with { Threads = runtime.QueryThreads, UseCuda = false }, logger).Session
            : _session;
        _inputNames = _session.InputMetadata.ContainsKey("token_type_ids") ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        var output = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
        _outputNames = [output];
        var dims = _session.OutputMetadata[output].Dimensions;
        Dimensions = dims.Length == 3 && dims[^1] > 0 ? dims[^1] : throw new InvalidDataException("Embedding: the model's output must be token states [batch, tokens, hidden] with a fixed hidden size.");
        CheckVocabularyFits();
    }

    public EncoderSpec Spec { get; }
    public string Version { get; }
    public int Dimensions { get; }

    /// <summary>"cpu" or "cuda:N": where the model actually runs.</summary>
    public string Device { get; }

    /// <summary>Intra-op threads a query is embedded with.</summary>
    public int QueryThreads => SeparateQuerySession ? _runtime.QueryThreads : _runtime.Threads;

    /// <summary>Whether queries run on a session of their own (a second copy of the model in memory).</summary>
    public bool SeparateQuerySession => !ReferenceEquals(_querySession, _session);

    /// <summary>The token ids the model sees for a document text.</summary>
    public int[] Tokenize(string text) => _tokenizer.Encode(text, Spec.MaxLength).Ids;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts) => Encode(texts).Select(e => e.Vector).ToList();

    public float[] EmbedQuery(string text)
    {
        var (ids, truncated) = _tokenizer.Encode(Spec.QueryPrefix + text, Spec.MaxLength);
        var key = QueryVectorCache.KeyOf(ids);
        if (_queries.TryGet(key, out var cached)) return cached;
        var vector = RunBatch(_querySession, [ids])[0];
        _queries.Add(key, vector);
        return vector;
    }

    /// <summary>Document vectors, in order, each with its token count and whether it was truncated.</summary>
    public IReadOnlyList<EncodedText> Encode(IReadOnlyList<string> texts) =>
        Run(texts.Select(t => _tokenizer.Encode(t, Spec.MaxLength)).ToList());

    private EncodedText[] Run(IReadOnlyList<(int[] Ids, bool Truncated)> tokenized)
    {
        var result = new EncodedText[tokenized.Count];
        foreach (var batch in LengthBatches.Plan(tokenized.Select(t => t.Ids.Length).ToList(), _runtime.BatchTokens))
        {
            var vectors = RunBatch(_session, batch.Select(i => tokenized[i].Ids).ToList());
            for (var b = 0; b < batch.Count; b++)
                result[batch[b]] = new EncodedText(vectors[b], tokenized[batch[b]].Ids.Length, tokenized[batch[b]].Truncated);
        }
        return result;
    }

    private float[][] RunBatch(InferenceSession session, IReadOnlyList<int[]> batch)
    {
        var length = batch.Max(t => t.Length);
        var ids = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        for (var b = 0; b < batch.Count; b++)
            for (var t = 0; t < batch[b].Length; t++)
            {
                ids[b * length + t] = batch[b][t];
                mask[b * length + t] = 1;
            }
        long[] shape = [batch.Count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        OrtValue[] inputs = _inputNames.Length == 3 ? [idsValue, maskValue, typesValue] : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, _inputNames, inputs, _outputNames);
        return SentencePooling.Pool(outputs[0].GetTensorDataAsSpan<float>(), batch.Select(t => t.Length).ToArray(), length, Dimensions, Spec.Pooling);
    }

    // A vocabulary with more tokens than the model has embeddings fails on its highest ids: found now, not on the
    // first document that uses one.
    private void CheckVocabularyFits()
    {
        try { RunBatch(_session, [[_tokenizer.Cls, _tokenizer.VocabularySize - 1, _tokenizer.Sep]]); }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"Embedding: the vocabulary ({_tokenizer.VocabularySize} tokens) does not match the model {Spec.Name}: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        if (SeparateQuerySession) _querySession.Dispose();
        _session.Dispose();
    }
}
