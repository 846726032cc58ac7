using EventSourcedRag.Domain.Experiments;
using System.Globalization;
using EventSourcedRag.Learning.Statistics;

namespace EventSourcedRag.Learning.Experiments;

/// <summary>
/// Decides proceed, wait, promote, rollback, halt or inconclusive for one stage of a rollout, from the two arms'
/// statistics since the stage began. Pure: the same numbers give the same decision. In order:
/// too few responses in an arm → wait; a sample-ratio mismatch (χ², p &lt; 0.001) → halt; a guardrail broken (error
/// rate above 2 × control and 1 %, p95 latency above 1.5 × control and 25 ms more, thumbs-up share below its floor) → rollback; a
/// primary metric (CTR, first-click reciprocal rank, abandonment) significantly worse by its always-valid (mSPRT)
/// p-value after Holm's correction → rollback; past the maximum duration → promote if significantly better, else
/// inconclusive; before the stage's minimum duration → wait; to the last stage only if significantly better (or
/// approved) → promote, else wait; otherwise → proceed.
/// </summary>
public static class RolloutEvaluator
{
    public const string Ctr = "ctr", ReciprocalRank = "first_click_rr", Abandonment = "abandonment";
    public static readonly IReadOnlyList<string> PrimaryMetrics = [Ctr, ReciprocalRank, Abandonment];

    /// <param name="previous">The always-valid p-values of this stage's earlier evaluations (empty at a stage's first).</param>
    public static RolloutDecision Evaluate(ArmSummary control, ArmSummary treatment, RolloutSituation situation,
        IReadOnlyDictionary<string, double> previous, RolloutPolicy policy)
    {
        if (situation.StageIndex < 0 || situation.StageIndex >= policy.Stages.Count - 1)
            throw new ArgumentOutOfRangeException(nameof(situation), "Only a stage before full promotion can be evaluated.");
        var stats = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["stage_share"] = policy.Stages[situation.StageIndex],
            ["control_queries"] = control.Queries,
            ["treatment_queries"] = treatment.Queries,
            ["control_units"] = control.Units,
            ["treatment_units"] = treatment.Units,
        };
        RolloutDecision Decide(RolloutAction action, string reason, IReadOnlyDictionary<string, double>? sequential = null) =>
            new(action, reason, stats, sequential ?? previous);

        if (control.Queries < policy.MinQueriesPerArm || treatment.Queries < policy.MinQueriesPerArm)
            return Decide(RolloutAction.Wait, I($"collecting: {control.Queries} control and {treatment.Queries} treatment responses, {policy.MinQueriesPerArm} each needed"));

        var share = policy.Stages[situation.StageIndex];
        var srm = HypothesisTests.SampleRatioMismatch([control.Units, treatment.Units], [1 - share, share]);
        stats["srm_chi_square"] = srm.ChiSquare;
        stats["srm_p"] = srm.PValue;
        if (srm.PValue < policy.SampleRatioAlpha)
            return Decide(RolloutAction.Halt, I($"sample-ratio mismatch: {control.Units} control and {treatment.Units} treatment units on a planned {1 - share:0.##}/{share:0.##} split (χ² {srm.ChiSquare:0.0}, p {srm.PValue:0.######})"));

        if (Guardrail(control, treatment, policy, stats) is { } broken) return Decide(RolloutAction.Rollback, broken);

        var sequential = Primaries(control, treatment, previous, policy, stats);
        var adjusted = HypothesisTests.Holm(PrimaryMetrics.Select(m => sequential[m]).ToList());
        var worse = new List<string>();
        var better = new List<string>();
        for (var i = 0; i < PrimaryMetrics.Count; i++)
        {
            var metric = PrimaryMetrics[i];
            stats[metric + "_p_holm"] = adjusted[i];
            if (adjusted[i] >= policy.Alpha) continue;
            (stats[metric + "_improvement"] < 0 ? worse : better).Add(metric);
        }
        if (worse.Count > 0)
            return Decide(RolloutAction.Rollback, I($"significantly worse on {string.Join(", ", worse)} (always-valid p after Holm < {policy.Alpha})"), sequential);

        var proven = better.Count > 0 ? I($"significantly better on {string.Join(", ", better)}") : null;
        if (situation.ExperimentAge >= policy.MaxDuration)
            return proven is not null
                ? Decide(RolloutAction.Promote, proven + " at the maximum duration", sequential)
                : Decide(RolloutAction.Inconclusive, I($"no significant difference after {situation.ExperimentAge.TotalHours:0.#} h (maximum {policy.MaxDuration.TotalHours:0.#} h)"), sequential);
        if (situation.StageAge < policy.MinStageDuration)
            return Decide(RolloutAction.Wait, I($"stage {situation.StageIndex + 1} has run {situation.StageAge.TotalMinutes:0} of {policy.MinStageDuration.TotalMinutes:0} minutes"), sequential);
        if (situation.StageIndex + 1 == policy.Stages.Count - 1)
            return proven is not null ? Decide(RolloutAction.Promote, proven, sequential)
                : situation.PromotionApproved ? Decide(RolloutAction.Promote, "guardrails hold, not significantly worse; promotion approved by an admin", sequential)
                : Decide(RolloutAction.Wait, "guardrails hold and nothing is worse, but promotion needs significance that it is better (or an admin's approval)", sequential);
        return Decide(RolloutAction.Proceed, I($"guardrails hold, no primary metric significantly worse{(proven is null ? "" : "; " + proven)}"), sequential);
    }

    private static string? Guardrail(ArmSummary control, ArmSummary treatment, RolloutPolicy policy, IDictionary<string, double> stats)
    {
        stats["error_rate_control"] = control.ErrorRate;
        stats["error_rate_treatment"] = treatment.ErrorRate;
        if (treatment.ErrorRate > Math.Max(policy.MaxErrorRatio * control.ErrorRate, 0.01))
            return I($"error rate {treatment.ErrorRate:P2} exceeds {policy.MaxErrorRatio} × the control's {control.ErrorRate:P2}");
        if (control.LatencyP95Ms is { } controlP95 && treatment.LatencyP95Ms is { } treatmentP95)
        {
            (stats["latency_p95_control_ms"], stats["latency_p95_treatment_ms"]) = (controlP95, treatmentP95);
            if (treatmentP95 > Math.Max(policy.MaxLatencyRatio * controlP95, controlP95 + policy.LatencySlackMs))
                return I($"p95 latency {treatmentP95:0.#} ms exceeds {policy.MaxLatencyRatio} × the control's {controlP95:0.#} ms");
        }
        if (treatment.ThumbsRatio is { } thumbs && treatment.ThumbsUp + treatment.ThumbsDown >= policy.MinFeedback)
        {
            stats["thumbs_ratio_treatment"] = thumbs;
            if (thumbs < policy.MinThumbsRatio) return I($"thumbs-up share {thumbs:P1} is below the floor of {policy.MinThumbsRatio:P0}");
        }
        return null;
    }

    // Each primary metric as an improvement (treatment better = positive), its fixed-horizon test for the record,
    // and its always-valid p-value: the running minimum over this stage's looks.
    private static Dictionary<string, double> Primaries(ArmSummary control, ArmSummary treatment, IReadOnlyDictionary<string, double> previous,
        RolloutPolicy policy, IDictionary<string, double> stats)
    {
        var sequential = new Dictionary<string, double>(StringComparer.Ordinal);
        void Record(string metric, double controlValue, double treatmentValue, double improvement, double variance, Comparison test)
        {
            stats[metric + "_control"] = controlValue;
            stats[metric + "_treatment"] = treatmentValue;
            stats[metric + "_improvement"] = improvement;
            stats[metric + "_difference"] = test.Difference;
            stats[metric + "_difference_ci_low"] = test.Lower;
            stats[metric + "_difference_ci_high"] = test.Upper;
            stats[metric + "_p"] = test.PValue;
            var now = variance > 0 ? SequentialTest.PValueAt(improvement, variance, policy.MixingVariance) : 1;
            sequential[metric] = stats[metric + "_p_sequential"] = Math.Min(previous.GetValueOrDefault(metric, 1), now);
        }

        Record(Ctr, control.Ctr, treatment.Ctr, treatment.Ctr - control.Ctr,
            ProportionVariance(control.Ctr, control.Queries) + ProportionVariance(treatment.Ctr, treatment.Queries),
            HypothesisTests.TwoProportions(control.ClickedResponses, control.Queries, treatment.ClickedResponses, treatment.Queries));
        Record(ReciprocalRank, control.MeanReciprocalRank, treatment.MeanReciprocalRank, treatment.MeanReciprocalRank - control.MeanReciprocalRank,
            control.ReciprocalRankVariance / control.Queries + treatment.ReciprocalRankVariance / treatment.Queries,
            HypothesisTests.Welch(control.MeanReciprocalRank, control.ReciprocalRankVariance, control.Queries,
                treatment.MeanReciprocalRank, treatment.ReciprocalRankVariance, treatment.Queries));
        Record(Abandonment, control.AbandonmentRate, treatment.AbandonmentRate, control.AbandonmentRate - treatment.AbandonmentRate,
            ProportionVariance(control.AbandonmentRate, control.Queries) + ProportionVariance(treatment.AbandonmentRate, treatment.Queries),
            HypothesisTests.TwoProportions(control.Abandons, control.Queries, treatment.Abandons, treatment.Queries));
        return sequential;
    }

    private static double ProportionVariance(double p, long n) => n == 0 ? 0 : p * (1 - p) / n;

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
