using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

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
