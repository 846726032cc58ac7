using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Domain.Models;

// The model stream, one per model version: how it was trained, whether it passed the offline gate, and every
// change of how much traffic it serves, each with its reason. Auditors replay this to answer "why was this
// model serving then?".

/// <summary>A model was trained. Same inputs and seed give the same artifact, so the hashes identify it.</summary>
/// <param name="Kind">What it ranks with: "reranker" (LambdaMART over ranking features) or "query-adapter".</param>
/// <param name="TrainingSetSha256">SHA-256 of the exported training set it was trained on.</param>
/// <param name="AsOfSequence">The event log position that training set was exported as of.</param>
public sealed record ModelTrained(
    string ModelVersion,
    string Kind,
    string? ParentVersion,
    string TrainingSetSha256,
    long AsOfSequence,
    IReadOnlyDictionary<string, string> HyperParameters,
    int Seed,
    string ArtifactSha256,
    double TrainingSeconds,
    DateTimeOffset At);

/// <summary>The model passed the offline validation gate against <paramref name="BaselineVersion"/>; only validated models can be deployed.</summary>
/// <param name="BaselineVersion">The serving model it was compared with (null: the untrained default).</param>
/// <param name="HeldOut">How many held-out result lists the metrics were measured on.</param>
public sealed record ModelValidated(
    string ModelVersion,
    string? BaselineVersion,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> BaselineMetrics,
    int HeldOut,
    string Reason,
    DateTimeOffset At);

/// <summary>The model failed the offline validation gate; it can never be deployed.</summary>
public sealed record ModelRejected(
    string ModelVersion,
    string? BaselineVersion,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> BaselineMetrics,
    int HeldOut,
    string Reason,
    DateTimeOffset At);

/// <summary>The share of traffic the model serves changed (canary stages, promotion, retirement).</summary>
/// <param name="Stage">Stored as "canary-5", "canary-25", "serving" or "retired".</param>
public sealed record ModelDeploymentChanged(string ModelVersion, ModelStage Stage, double TrafficShare, string Reason, DateTimeOffset At);

/// <summary>The model was taken out of service and <see cref="RestoredVersion"/> serves again.</summary>
public sealed record ModelRolledBack(string ModelVersion, string RestoredVersion, string Reason, bool Automatic, DateTimeOffset At);

public static class ModelStreams
{
    /// <summary>The stream id of a model version: stable, so any process finds the stream from the version alone.</summary>
    public static Guid IdOf(string modelVersion)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("model:" + modelVersion));
        return new Guid(hash.AsSpan(0, 16));
    }
}
