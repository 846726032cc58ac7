using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Gates;
using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Infrastructure.Tests.Training;

/// <summary>The gate as training runs it: candidates scored on held-out lists, and vetoed by a benchmark split.</summary>
public class GateRunTests
{
    private static readonly GateOptions Gate = new();

    // Lists as served: ten rows each, feature 0 is how strongly the row matched, and the clicked row is near the
    // top (the serving model was decent); feature 1 is a signal the serving model ignored, set on the clicked row.
    private static List<LabelledList> HeldOut(int count)
    {
        var random = new Random(4);
        return Enumerable.Range(0, count).Select(l =>
        {
            var clicked = random.Next(3);
            var rows = Enumerable.Range(0, 10).Select(r => new[] { 1f - r / 10f, r == clicked ? 1f : 0f }).ToList();
            return new LabelledList($"l{l}", rows, rows.Select((_, r) => r == clicked ? 1 : 0).ToList(), Enumerable.Repeat(1f, 10).ToList());
        }).ToList();
    }

    private sealed class FixedSplit(MetricSet candidate, MetricSet serving) : IBenchmarkSplit
    {
        public string Name => "judged";
        public MetricSet Evaluate(CandidateModels? candidates = null) => candidates is null ? serving : candidate;
    }

    private sealed class AnyReranker : IReranker
    {
        public string Version => "candidate";
        public double[] Score(IReadOnlyList<float[]> rows) => rows.Select(r => (double)r[1]).ToArray();
    }

    [Fact]
    public void A_deliberately_degraded_candidate_that_inverts_the_served_order_is_rejected()
    {
        var lists = HeldOut(60);

        var run = GateRun.Judge(RerankerTraining.Evaluate(lists, row => -row[0]), RerankerTraining.Evaluate(lists, null), lists.Count, Gate, null, _ => default);

        run.Verdict.Passed.ShouldBeFalse();
        run.Verdict.Reason.ShouldContain("mrr@10");
        run.Candidate.Mrr10.ShouldBeLessThan(run.Baseline.Mrr10 * Gate.Tolerance);
    }

    [Fact]
    public void Held_out_lists_are_judged_by_inverse_propensity_so_the_served_order_s_position_bias_does_not_win_by_itself()
    {
        // A click at the top, where everyone looks, and a click at rank 5, where few look: the second is the stronger
        // evidence (weight 5). Plain judgements call both orders perfect; weighted, raising the rank-5 row wins.
        var lists = Enumerable.Range(0, 40).Select(l =>
        {
            var rows = Enumerable.Range(0, 10).Select(r => new[] { 1f - r / 10f, r == 4 ? 1f : 0f }).ToList();
            return new LabelledList($"l{l}", rows, rows.Select((_, r) => r is 0 or 4 ? 1 : 0).ToList(),
                rows.Select((_, r) => r == 4 ? 5f : 1f).ToList());
        }).ToList();

        var served = RerankerTraining.Evaluate(lists, null);
        var raised = RerankerTraining.Evaluate(lists, row => row[1] * 10 + row[0]);

        served.Mrr10.ShouldBe((1 * 1 + 5 * 0.2) / 6, 1e-9);
        raised.Mrr10.ShouldBe((5 * 1 + 1 * 0.5) / 6, 1e-9);
        GateRun.Judge(raised, served, lists.Count, Gate, null, _ => default).Verdict.Passed.ShouldBeTrue();
    }

    [Fact]
    public void A_candidate_better_on_held_out_feedback_passes_unless_the_benchmark_split_finds_it_worse()
    {
        var lists = HeldOut(60);
        var (candidate, baseline) = (RerankerTraining.Evaluate(lists, row => row[1]), RerankerTraining.Evaluate(lists, null));
        var serving = new MetricSet(0.70, 0.66, 0.83, 0.6, 100);

        var alone = GateRun.Judge(candidate, baseline, lists.Count, Gate, null, _ => default);
        var fine = GateRun.Judge(candidate, baseline, lists.Count, Gate, new FixedSplit(serving with { Mrr10 = 0.68 }, serving),
            split => (split.Evaluate(new CandidateModels(new AnyReranker())), split.Evaluate()));
        var lostRecall = GateRun.Judge(candidate, baseline, lists.Count, Gate, new FixedSplit(serving with { Recall10 = 0.82 }, serving),
            split => (split.Evaluate(new CandidateModels(new AnyReranker())), split.Evaluate()));

        alone.Verdict.Passed.ShouldBeTrue(alone.Verdict.Reason);
        fine.Verdict.Passed.ShouldBeTrue(fine.Verdict.Reason);
        fine.BenchmarkCandidate!.Mrr10.ShouldBe(0.68);
        lostRecall.Verdict.Passed.ShouldBeFalse();
        lostRecall.Verdict.Reason.ShouldContain("benchmark judged: recall@10 0.8200 is below the baseline's 0.8300");
    }

    [Fact]
    public void With_a_benchmark_split_the_gain_must_show_there_and_held_out_feedback_only_vetoes()
    {
        var lists = HeldOut(60);
        var served = RerankerTraining.Evaluate(lists, null);
        var slightlyWorse = served with { Mrr10 = served.Mrr10 * 0.98, Ndcg10 = served.Ndcg10 * 0.99 };
        var muchWorse = served with { Mrr10 = served.Mrr10 * 0.8 };
        var judged = new MetricSet(0.20, 0.28, 0.21, 0.2, 80);
        var split = new FixedSplit(judged with { Mrr10 = 0.80, Ndcg10 = 0.71, Recall10 = 0.72 }, judged);
        var flat = new FixedSplit(judged, judged);
        (MetricSet, MetricSet) On(IBenchmarkSplit s) => (s.Evaluate(new CandidateModels()), s.Evaluate());

        var finds = GateRun.Judge(slightlyWorse, served, lists.Count, Gate, split, On);
        var findsNothing = GateRun.Judge(slightlyWorse, served, lists.Count, Gate, flat, On);
        var breaksTheShown = GateRun.Judge(muchWorse, served, lists.Count, Gate, split, On);
        var withoutSplit = GateRun.Judge(slightlyWorse, served, lists.Count, Gate, null, _ => default);

        finds.Verdict.Passed.ShouldBeTrue(finds.Verdict.Reason);
        findsNothing.Verdict.Passed.ShouldBeFalse();
        findsNothing.Verdict.Reason.ShouldContain("benchmark judged: no metric improved");
        breaksTheShown.Verdict.Passed.ShouldBeFalse();
        breaksTheShown.Verdict.Reason.ShouldContain("held-out feedback: mrr@10");
        withoutSplit.Verdict.Passed.ShouldBeFalse(); // no judged queries: held-out feedback must show the gain
    }
}
