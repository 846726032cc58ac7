using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

public sealed record LoopCycle(
    [property: JsonPropertyName("cycle")] int Cycle,
    [property: JsonPropertyName("sessions")] int Sessions,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("training_pairs")] int TrainingPairs,
    [property: JsonPropertyName("train_lists")] int TrainLists,
    [property: JsonPropertyName("held_out_lists")] int HeldOutLists,
    [property: JsonPropertyName("candidate")] string Candidate,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("gate_reason")] string GateReason,
    [property: JsonPropertyName("deployed_model")] string DeployedModel,
    [property: JsonPropertyName("test_ndcg@10")] double TestNdcg10,
    [property: JsonPropertyName("test_mrr@10")] double TestMrr10,
    [property: JsonPropertyName("seen_mrr@10")] double SeenMrr10,
    [property: JsonPropertyName("train_seconds")] double TrainSeconds,
    [property: JsonPropertyName("cycle_seconds")] double CycleSeconds,
    [property: JsonPropertyName("query_adapter")] LoopTraining? QueryAdapter,
    [property: JsonPropertyName("query_expansion")] LoopTraining? QueryExpansion = null,
    [property: JsonPropertyName("exploration")] ExplorationCost? Exploration = null);
