using EventSourcedRag.Domain.Models;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Gates;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// The gate's judgement of one candidate, whatever its kind: on held-out feedback (against the model serving as of
/// the training point), and, when a benchmark split is configured, on its judged queries as the candidate would be
/// served. The benchmark may only veto: there the candidate must stay within the tolerance, not improve. Except for a
/// model whose gain is in what the lists never showed (<see cref="GainSeen.OnBenchmark"/>): held-out feedback can
/// only judge the order of what was shown, so with a benchmark split it vetoes and the split must show the gain.
/// </summary>
public sealed record GateRun(
    MetricSet Candidate, MetricSet Baseline, int HeldOut, MetricSet? BenchmarkCandidate, MetricSet? BenchmarkBaseline, GateVerdict Verdict)
{
    /// <summary>Where a candidate must show that it is better.</summary>
    public enum GainSeen
    {
        /// <summary>On held-out feedback (a reranker, an adapter: they reorder what users were shown).</summary>
        OnHeldOutFeedback,
        /// <summary>On the benchmark split when one is configured, else on held-out feedback (a query expansion: it finds what was never shown).</summary>
        OnBenchmark,
    }

    /// <param name="onBenchmark">The candidate's and the serving model's metrics on the split.</param>
    public static GateRun Judge(MetricSet candidate, MetricSet baseline, int heldOut, GateOptions gate,
        IBenchmarkSplit? benchmark, Func<IBenchmarkSplit, (MetricSet Candidate, MetricSet Baseline)> onBenchmark, GainSeen gain = GainSeen.OnHeldOutFeedback)
    {
        var gainOnSplit = gain == GainSeen.OnBenchmark && benchmark is not null;
        // Vetoing only: within the tolerance, with no gain asked for.
        var verdict = ValidationGate.Decide(candidate, baseline, heldOut, gainOnSplit ? gate with { MinRelativeImprovement = double.NegativeInfinity } : gate);
        if (benchmark is null) return new GateRun(candidate, baseline, heldOut, null, null, verdict);
        var (benchmarkCandidate, benchmarkBaseline) = onBenchmark(benchmark);
        var onSplit = ValidationGate.Decide(benchmarkCandidate, benchmarkBaseline, benchmarkCandidate.Queries,
            gate with { MinRelativeImprovement = gainOnSplit ? gate.MinRelativeImprovement : 0, MinHeldOutLists = 1 });
        return new GateRun(candidate, baseline, heldOut, benchmarkCandidate, benchmarkBaseline,
            new GateVerdict(verdict.Passed && onSplit.Passed, $"held-out feedback: {verdict.Reason}; benchmark {benchmark.Name}: {onSplit.Reason}"));
    }

    /// <summary>The gate's verdict on <paramref name="trained"/>, as <see cref="ModelDecider"/> records it beside the run.</summary>
    public RecordGateVerdict VerdictOn(RecordTrainedModel trained) =>
        new(trained.ModelVersion, Verdict.Passed, trained.ParentVersion, WithBenchmark(Candidate, BenchmarkCandidate), WithBenchmark(Baseline, BenchmarkBaseline),
            HeldOut, Verdict.Reason, trained.Now);

    public TrainingOutcome Outcome(RecordTrainedModel trained, int trainingPairs, int trainItems) =>
        new(trained.ModelVersion, trained.ArtifactSha256, trained.TrainingSetSha256, trained.AsOfSequence, trainingPairs, trainItems, HeldOut,
            Candidate, Baseline, BenchmarkCandidate, BenchmarkBaseline, Verdict, trained.TrainingSeconds);

    // The benchmark's numbers sit beside the held-out feedback's in the verdict event, prefixed "benchmark:".
    private static Dictionary<string, double> WithBenchmark(MetricSet feedback, MetricSet? benchmark)
    {
        var all = new Dictionary<string, double>(feedback.ToDictionary());
        if (benchmark is not null)
            foreach (var (name, value) in benchmark.ToDictionary()) all["benchmark:" + name] = value;
        return all;
    }
}
