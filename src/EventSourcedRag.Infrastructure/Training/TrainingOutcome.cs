using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Gates;
using EventSourcedRag.Learning.Onnx;
using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Projections.Feedback;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.Training;
using EventSourcedRag.Retrieval.Ranking;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>What one training run produced and what the gate said of it.</summary>
public sealed record TrainingOutcome(
    string ModelVersion, string ArtifactSha256, string TrainingSetSha256, long AsOfSequence,
    int TrainingPairs, int TrainLists, int HeldOutLists, MetricSet Candidate, MetricSet Baseline,
    MetricSet? BenchmarkCandidate, MetricSet? BenchmarkBaseline, GateVerdict Verdict, double TrainingSeconds);
