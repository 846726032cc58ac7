using System.Diagnostics;

namespace EventSourcedRag.Retrieval.Diagnostics;

/// <summary>
/// Spans for the stages of one search (embed, retrieve, fuse, rerank). Without a listener (no tracing configured)
/// starting a span returns null and costs a field read, so the search path pays nothing for them.
/// </summary>
public static class RetrievalTrace
{
    public const string SourceName = "EventSourcedRag.Retrieval";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? Stage(string name) => Source.StartActivity(name, ActivityKind.Internal);
}
