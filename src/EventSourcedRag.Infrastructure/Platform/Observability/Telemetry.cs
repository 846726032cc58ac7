using System.Diagnostics;
using EventSourcedRag.Domain.Queries;
using Prometheus;

namespace EventSourcedRag.Infrastructure.Platform.Observability;

/// <summary>
/// The service's own traces and metrics: a span per stage of a query (the search's stages come from
/// <see cref="Retrieval.Diagnostics.RetrievalTrace"/>), latency histograms per stage, counters of queries, feedback
/// and errors, and gauges of projection lag and queue depth. Metrics live in the process's Prometheus registry
/// (served at /metrics by API hosts); spans cost nothing until a tracer listens.
/// </summary>
public sealed class Telemetry
{
    public const string SourceName = "EventSourcedRag";

    public static readonly ActivitySource Source = new(SourceName);

    // Stages take from a tenth of a millisecond (fuse) to seconds (a slow generator): 0.1 ms doubling to ~100 s.
    private static readonly Histogram Stages = Metrics.CreateHistogram("esrag_stage_duration_seconds",
        "Time spent in each stage of answering a query: embed, retrieve, fuse, rerank, generate, append, total",
        new HistogramConfiguration { LabelNames = ["stage"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 21) });

    private static readonly Counter Queries = Metrics.CreateCounter("esrag_queries_total",
        "Queries handled, by outcome, experiment variant and the reranker version that served them", "outcome", "variant", "reranker");

    private static readonly Counter FeedbackSignals = Metrics.CreateCounter("esrag_feedback_total",
        "Feedback signals received, by type and whether they were new (stored) or repeats of stored ones", "type", "stored");

    private static readonly Counter Errors = Metrics.CreateCounter("esrag_errors_total", "Requests answered with an error, by problem code and status", "problem", "status");

    private static readonly Gauge ProjectionLag = Metrics.CreateGauge("esrag_projection_lag_events",
        "Events between the head of the log and the live target of each read model (as last read)", "projection");

    private static readonly Gauge QueueDepth = Metrics.CreateGauge("esrag_queue_depth_messages",
        "Messages waiting in each of the service's RabbitMQ queues (as last read)", "queue");

    private static readonly Counter Degraded = Metrics.CreateCounter("esrag_degraded_queries_total",
        "Queries served with a stage left out or behind: rerank (fused order served), generate (sources without an answer), index (stale index)", "stage");

    private static readonly Gauge IndexBehind = Metrics.CreateGauge("esrag_search_index_behind_events",
        "Events this host's search index has seen in the log and not applied yet (as of the last query)");

    private static readonly Gauge CircuitStates = Metrics.CreateGauge("esrag_circuit_state",
        "Circuit breaker per dependency: 1 for the state it is in, 0 for the others", "dependency", "state");

    private static readonly Counter CircuitChanges = Metrics.CreateCounter("esrag_circuit_transitions_total",
        "Circuit breaker changes of state, by dependency and the state entered", "dependency", "state");

    private static readonly string[] CircuitStateNames = ["closed", "open", "halfopen"];

    public static Activity? Stage(string name) => Source.StartActivity(name, ActivityKind.Internal);

    public void Answered(StageLatencies latency, double embedMs, double appendMs, string? variant, string? reranker)
    {
        Record("embed", embedMs);
        Record("retrieve", latency.RetrieveMs);
        Record("fuse", latency.FuseMs);
        if (reranker is not null) Record("rerank", latency.RerankMs);
        Record("generate", latency.GenerateMs);
        Record("append", appendMs);
        Record("total", latency.TotalMs + appendMs);
        Queries.WithLabels("answered", variant ?? "none", reranker ?? "none").Inc();
    }

    public void Failed(string? variant, string? reranker) => Queries.WithLabels("failed", variant ?? "none", reranker ?? "none").Inc();

    public void Degradation(string stage) => Degraded.WithLabels(stage).Inc();

    public void IndexLag(long events) => IndexBehind.Set(events);

    public void Feedback(string type, bool stored) => FeedbackSignals.WithLabels(type, stored ? "true" : "false").Inc();

    public void Error(string problem, int status) => Errors.WithLabels(problem, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    public void Lag(string projection, long events) => ProjectionLag.WithLabels(projection).Set(events);

    /// <summary>Records the state a circuit is in; <paramref name="changed"/> false for its initial state.</summary>
    public void Circuit(string dependency, string state, bool changed = true)
    {
        var entered = state.ToLowerInvariant();
        foreach (var name in CircuitStateNames) CircuitStates.WithLabels(dependency, name).Set(name == entered ? 1 : 0);
        if (changed) CircuitChanges.WithLabels(dependency, entered).Inc();
    }

    public void Depth(string queue, long messages) => QueueDepth.WithLabels(queue).Set(messages);

    private static void Record(string stage, double ms) => Stages.WithLabels(stage).Observe(ms / 1000.0);
}
