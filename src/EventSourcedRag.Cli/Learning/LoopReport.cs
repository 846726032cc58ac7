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

public sealed record LoopMetrics(
    [property: JsonPropertyName("ndcg@10")] double Ndcg10,
    [property: JsonPropertyName("mrr@10")] double Mrr10,
    [property: JsonPropertyName("recall@10")] double Recall10,
    [property: JsonPropertyName("seen_mrr@10")] double SeenMrr10,
    [property: JsonPropertyName("seen_ndcg@10")] double SeenNdcg10,
    [property: JsonPropertyName("seen_recall@10")] double SeenRecall10);

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

/// <summary>
/// What exploration cost the simulated users in a cycle. Which responses explore is drawn by a hash of the response id,
/// so each explored response is compared with the same question ranked again without exploration, judged by the
/// simulator's judgements: the loss is what users were shown less well.
/// </summary>
/// <param name="NdcgLossPerResponse">Mean nDCG@10 lost over every traffic response (0 for those that did not explore).</param>
public sealed record ExplorationCost(
    [property: JsonPropertyName("responses")] int Responses,
    [property: JsonPropertyName("explored")] int Explored,
    [property: JsonPropertyName("explored_relevant")] int ExploredRelevant,
    [property: JsonPropertyName("clicks_on_explored")] int ClicksOnExplored,
    [property: JsonPropertyName("ndcg_loss_per_explored")] double NdcgLossPerExplored,
    [property: JsonPropertyName("ndcg_loss_per_response")] double NdcgLossPerResponse);

/// <summary>One model's training in a cycle. The cycle's flat gate fields are the reranker's; train_seconds is all kinds' together.</summary>
/// <param name="Items">Examples (adapter, expansion) or lists (reranker) trained on.</param>
/// <param name="Serving">The model of this kind serving after the cycle ("default": none).</param>
public sealed record LoopTraining(
    [property: JsonPropertyName("candidate")] string Candidate,
    [property: JsonPropertyName("gate")] string Gate,
    [property: JsonPropertyName("gate_reason")] string GateReason,
    [property: JsonPropertyName("serving")] string Serving,
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("held_out")] int HeldOut,
    [property: JsonPropertyName("train_seconds")] double TrainSeconds);

/// <param name="ValidationShare">Share of the training-split queries kept out of traffic as the gate's benchmark split.</param>
public sealed record LoopSettings(
    [property: JsonPropertyName("dataset_path")] string Dataset,
    [property: JsonPropertyName("cycles")] int Cycles,
    [property: JsonPropertyName("sessions_per_cycle")] int SessionsPerCycle,
    [property: JsonPropertyName("noise")] double Noise,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("examination_exponent")] double ExaminationExponent,
    [property: JsonPropertyName("validation_share")] double ValidationShare,
    [property: JsonIgnore] bool Keep,
    [property: JsonPropertyName("query_adapter")] bool QueryAdapter = true,
    [property: JsonPropertyName("query_expansion")] bool QueryExpansion = true,
    [property: JsonPropertyName("exploration")] double Exploration = 0.1);
