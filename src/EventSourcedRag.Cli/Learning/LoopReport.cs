using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

/// <summary>The learning experiment's result, in the JSON shape the issue fixes (the last stdout line with --json).</summary>
public sealed record LoopReport(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("settings")] LoopSettings Settings,
    [property: JsonPropertyName("baseline")] LoopMetrics Baseline,
    [property: JsonPropertyName("cycles")] IReadOnlyList<LoopCycle> Cycles,
    [property: JsonPropertyName("final")] LoopMetrics Final,
    [property: JsonPropertyName("relative_mrr_gain")] double RelativeMrrGain,
    [property: JsonPropertyName("seen_relative_mrr_gain")] double SeenRelativeMrrGain,
    [property: JsonPropertyName("ingest_seconds")] double IngestSeconds);
