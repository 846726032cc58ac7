namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>How an encoder runs on this host; nothing here changes a vector (so none of it is in the version).</summary>
/// <param name="Threads">ONNX Runtime intra-op threads for documents.</param>
/// <param name="BatchTokens">Padded tokens per call (batch size × longest text in the batch).</param>
/// <param name="UseCuda">Try the CUDA execution provider first.</param>
/// <param name="QueryCacheSize">Query vectors kept; 0 keeps none.</param>
/// <param name="QueryThreads">Intra-op threads of a second CPU session that embeds queries; 0, or as many as
/// <paramref name="Threads"/>, embeds them on the documents' session (one copy of the model in memory, not two).</param>
public sealed record EncoderRuntime(int Threads, int BatchTokens = 2048, bool UseCuda = false, int CudaDevice = 0, int QueryCacheSize = 10_000, int QueryThreads = 0)
{
    public static EncoderRuntime Default { get; } = new(Environment.ProcessorCount);

    public bool SeparateQuerySession => QueryThreads > 0 && QueryThreads != Threads;
}
