using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

/// <summary>The figures each run is judged by, after its last cycle (and its baseline nDCG, for the gain's starting point).</summary>
public sealed record LoopSummary(
    [property: JsonPropertyName("ndcg@10")] double Ndcg10,
    [property: JsonPropertyName("mrr@10")] double Mrr10,
    [property: JsonPropertyName("relative_mrr_gain")] double RelativeMrrGain,
    [property: JsonPropertyName("seen_relative_mrr_gain")] double SeenRelativeMrrGain,
    [property: JsonPropertyName("baseline_ndcg@10")] double BaselineNdcg10);
