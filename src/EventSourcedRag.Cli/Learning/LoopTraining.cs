using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

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
