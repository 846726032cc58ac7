using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>ONNX Runtime sessions for encoders: threads set deliberately, and CUDA when asked for and present.</summary>
public static class OnnxSessions
{
    public static (InferenceSession Session, string Device) Create(byte[] model, EncoderRuntime runtime, ILogger? logger)
    {
        if (runtime.UseCuda)
        {
            try
            {
                using var cuda = Options(runtime);
                cuda.AppendExecutionProvider_CUDA(runtime.CudaDevice);
                return (new InferenceSession(model, cuda), $"cuda:{runtime.CudaDevice}");
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                // The CPU package has no CUDA provider, or the machine has no device or CUDA libraries.
                logger?.LogWarning("Embedding:Device is cuda but CUDA is not available here ({Reason}); embedding on the CPU", ex.Message.Split('\n')[0]);
            }
        }
        using var cpu = Options(runtime);
        return (new InferenceSession(model, cpu), "cpu");
    }

    // One call at a time uses every intra-op thread; parallel calls would only compete for the same cores.
    private static SessionOptions Options(EncoderRuntime runtime) => new()
    {
        IntraOpNumThreads = runtime.Threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
}
