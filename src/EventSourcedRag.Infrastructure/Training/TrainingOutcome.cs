using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Gates;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>What one training run produced and what the gate said of it.</summary>
public sealed record TrainingOutcome(
    string ModelVersion, string ArtifactSha256, string TrainingSetSha256, long AsOfSequence,
    int TrainingPairs, int TrainLists, int HeldOutLists, MetricSet Candidate, MetricSet Baseline,
    MetricSet? BenchmarkCandidate, MetricSet? BenchmarkBaseline, GateVerdict Verdict, double TrainingSeconds);
