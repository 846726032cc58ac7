using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Gates;

namespace EventSourcedRag.Infrastructure.Training;

/// <summary>
/// The gate's judgement of one candidate, whatever its kind: on held-out feedback (against the model serving as of
/// the training point), and, when a benchmark split is configured, on its judged queries as the candidate would be
/// served. With a benchmark split the candidate must show its gain there, and held-out feedback vetoes (within the
/// tolerance, recall not lower); without one, held-out feedback must show the gain. A kind whose effect judged queries
/// cannot see (personal steering: they name no user) is judged the other way round: held-out feedback must show the
/// gain and the split vetoes.
/// </summary>
/// <remarks>
/// Judged queries are the unbiased evidence. Held-out feedback can only judge the order of what was shown, and even
/// weighted by inverse propensity it leans towards the serving model, whose priors and seen-query memory put the
/// clicked documents first in the very lists it is judged on (docs/adr/0003).
/// </remarks>
public sealed record GateRun(
    MetricSet Candidate, MetricSet Baseline, int HeldOut, MetricSet? BenchmarkCandidate, MetricSet? BenchmarkBaseline, GateVerdict Verdict)
{
    /// <param name="onBenchmark">The candidate's and the serving model's metrics on the split.</param>
    /// <param name="gainOnFeedback">Held-out feedback must show the gain even with a split, which then only vetoes.</param>
    public static GateRun Judge(MetricSet candidate, MetricSet baseline, int heldOut, GateOptions gate,
        IBenchmarkSplit? benchmark, Func<IBenchmarkSplit, (MetricSet Candidate, MetricSet Baseline)> onBenchmark, bool gainOnFeedback = false)
    {
        // Vetoing only where the other evidence judges the gain: within the tolerance, with no gain asked for.
        var veto = gate with { MinRelativeImprovement = double.NegativeInfinity };
        var verdict = ValidationGate.Decide(candidate, baseline, heldOut, benchmark is not null && !gainOnFeedback ? veto : gate);
        if (benchmark is null) return new GateRun(candidate, baseline, heldOut, null, null, verdict);
        var (benchmarkCandidate, benchmarkBaseline) = onBenchmark(benchmark);
        var onSplit = ValidationGate.Decide(benchmarkCandidate, benchmarkBaseline, benchmarkCandidate.Queries, (gainOnFeedback ? veto : gate) with { MinHeldOutLists = 1 });
        return new GateRun(candidate, baseline, heldOut, benchmarkCandidate, benchmarkBaseline,
            new GateVerdict(verdict.Passed && onSplit.Passed, $"held-out feedback: {verdict.Reason}; benchmark {benchmark.Name}: {onSplit.Reason}"));
    }

    /// <summary>The gate's verdict on <paramref name="trained"/>, as <see cref="ModelDecider"/> records it beside the run.</summary>
    public RecordGateVerdict VerdictOn(RecordTrainedModel trained) =>
        new(trained.ModelVersion, Verdict.Passed, trained.ParentVersion, WithBenchmark(Candidate, BenchmarkCandidate), WithBenchmark(Baseline, BenchmarkBaseline),
            HeldOut, Verdict.Reason, trained.Now);

    /// <summary>
    /// Records the run and this verdict on the model's stream and returns the outcome. The same bytes trained again
    /// are the same model, whose first verdict stands (<see cref="ModelDecider"/>); the outcome then says so, with the
    /// standing verdict, so nobody deploys on a verdict that was not recorded.
    /// </summary>
    public async Task<TrainingOutcome> RecordAsync(EventSessions sessions, string tenant, string actor, RecordTrainedModel trained, int trainingPairs, int trainItems,
        CancellationToken ct)
    {
        var recorded = await ModelDecisions.RecordTrainingAsync(sessions, tenant, actor, trained, VerdictOn(trained), ct);
        var verdict = Verdict;
        if (!recorded.Any(e => e is ModelValidated or ModelRejected))
        {
            await using var session = sessions.OpenRead(tenant);
            var state = (await session.Events.FetchStreamAsync(ModelStreams.IdOf(trained.ModelVersion), token: ct)).Select(e => e.Data)
                .Aggregate(ModelState.Initial, ModelDecider.Evolve);
            var standing = state is ModelState.Trained { Verdict: true };
            verdict = new GateVerdict(standing, $"this run: {Verdict.Reason}; the verdict of this model's first run stands ({(standing ? "validated" : "rejected")})");
        }
        return new TrainingOutcome(trained.ModelVersion, trained.ArtifactSha256, trained.TrainingSetSha256, trained.AsOfSequence, trainingPairs, trainItems, HeldOut,
            Candidate, Baseline, BenchmarkCandidate, BenchmarkBaseline, verdict, trained.TrainingSeconds);
    }

    // The benchmark's numbers sit beside the held-out feedback's in the verdict event, prefixed "benchmark:".
    private static Dictionary<string, double> WithBenchmark(MetricSet feedback, MetricSet? benchmark)
    {
        var all = new Dictionary<string, double>(feedback.ToDictionary());
        if (benchmark is not null)
            foreach (var (name, value) in benchmark.ToDictionary()) all["benchmark:" + name] = value;
        return all;
    }
}
