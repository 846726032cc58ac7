using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

public sealed record LoopMetrics(
    [property: JsonPropertyName("ndcg@10")] double Ndcg10,
    [property: JsonPropertyName("mrr@10")] double Mrr10,
    [property: JsonPropertyName("recall@10")] double Recall10,
    [property: JsonPropertyName("seen_mrr@10")] double SeenMrr10,
    [property: JsonPropertyName("seen_ndcg@10")] double SeenNdcg10,
    [property: JsonPropertyName("seen_recall@10")] double SeenRecall10);
