namespace EventSourcedRag.Domain.Models;

/// <summary>Record what the offline validation gate said of a trained model (the judgement itself is computed outside, in Learning).</summary>
/// <param name="Passed">True: the model may serve; false: it never may.</param>
/// <param name="BaselineVersion">The serving model it was compared with (null: the untrained default).</param>
/// <param name="HeldOut">How many held-out result lists the metrics were measured on.</param>
public sealed record RecordGateVerdict(
    string ModelVersion,
    bool Passed,
    string? BaselineVersion,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> BaselineMetrics,
    int HeldOut,
    string Reason,
    DateTimeOffset Now);
