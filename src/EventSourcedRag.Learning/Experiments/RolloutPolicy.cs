using System.Globalization;

namespace EventSourcedRag.Learning.Experiments;

/// <summary>How a treatment is rolled out and when it is rolled back (configuration section <c>Experiments:Rollout</c>).</summary>
public sealed record RolloutPolicy
{
    /// <summary>The treatment's traffic share at each stage; the last is full promotion.</summary>
    public IReadOnlyList<double> Stages { get; init; } = [0.05, 0.25, 0.5, 1.0];

    /// <summary>A stage is judged only after this long and this many responses in each arm.</summary>
    public TimeSpan MinStageDuration { get; init; } = TimeSpan.FromMinutes(30);

    public long MinQueriesPerArm { get; init; } = 200;

    /// <summary>After this long without a decision to promote, the experiment ends inconclusive and the control keeps serving.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Roll back when the treatment's error rate exceeds this multiple of the control's (and 1 %).</summary>
    public double MaxErrorRatio { get; init; } = 2.0;

    /// <summary>Roll back when the treatment's p95 latency exceeds this multiple of the control's (and the slack below).</summary>
    public double MaxLatencyRatio { get; init; } = 1.5;

    /// <summary>
    /// Latency differences under this many milliseconds never roll back: at a few milliseconds the histogram's
    /// buckets (1, 2, 5 ms…) alone make one arm "twice as slow" as the other.
    /// </summary>
    public double LatencySlackMs { get; init; } = 25;

    /// <summary>Roll back when the treatment's thumbs-up share falls below this (with at least <see cref="MinFeedback"/> thumbs).</summary>
    public double MinThumbsRatio { get; init; } = 0.5;

    public long MinFeedback { get; init; } = 20;

    /// <summary>Significance level of the primary metrics (after Holm's correction).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>A sample-ratio mismatch with p below this halts the experiment: its numbers cannot be trusted.</summary>
    public double SampleRatioAlpha { get; init; } = 0.001;

    /// <summary>Variance of the mSPRT's normal mixture over effect sizes, per primary metric (≈ the squared effect one cares about).</summary>
    public double MixingVariance { get; init; } = 0.0004;

    public IEnumerable<string> Validate()
    {
        if (Stages.Count == 0 || Stages.Any(s => s is <= 0 or > 1) || Stages.Zip(Stages.Skip(1)).Any(p => p.Second <= p.First) || Stages[^1] != 1.0)
            yield return "Experiments:Rollout:Stages must rise strictly within (0, 1] and end at 1.";
        if (MinQueriesPerArm < 1) yield return "Experiments:Rollout:MinQueriesPerArm must be at least 1.";
        if (Alpha is <= 0 or >= 1 || SampleRatioAlpha is <= 0 or >= 1) yield return "Experiments:Rollout:Alpha and SampleRatioAlpha must be in (0, 1).";
        if (MaxErrorRatio <= 1 || MaxLatencyRatio <= 1) yield return "Experiments:Rollout:MaxErrorRatio and MaxLatencyRatio must exceed 1.";
        if (LatencySlackMs < 0) yield return "Experiments:Rollout:LatencySlackMs must not be negative.";
        if (MixingVariance <= 0) yield return "Experiments:Rollout:MixingVariance must be positive.";
    }

    /// <summary>The settings as text, for the experiment's start event: an experiment is judged by the policy it started with.</summary>
    public IReadOnlyDictionary<string, string> Describe() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["min_stage_duration"] = MinStageDuration.ToString("c", CultureInfo.InvariantCulture),
        ["min_queries_per_arm"] = MinQueriesPerArm.ToString(CultureInfo.InvariantCulture),
        ["max_duration"] = MaxDuration.ToString("c", CultureInfo.InvariantCulture),
        ["max_error_ratio"] = MaxErrorRatio.ToString("R", CultureInfo.InvariantCulture),
        ["max_latency_ratio"] = MaxLatencyRatio.ToString("R", CultureInfo.InvariantCulture),
        ["latency_slack_ms"] = LatencySlackMs.ToString("R", CultureInfo.InvariantCulture),
        ["min_thumbs_ratio"] = MinThumbsRatio.ToString("R", CultureInfo.InvariantCulture),
        ["min_feedback"] = MinFeedback.ToString(CultureInfo.InvariantCulture),
        ["alpha"] = Alpha.ToString("R", CultureInfo.InvariantCulture),
        ["sample_ratio_alpha"] = SampleRatioAlpha.ToString("R", CultureInfo.InvariantCulture),
        ["mixing_variance"] = MixingVariance.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>The policy an experiment started with, from its <see cref="Describe"/>d settings and stages.</summary>
    public static RolloutPolicy From(IReadOnlyDictionary<string, string> described, IReadOnlyList<double> stages)
    {
        double D(string key, double fallback) => described.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        long L(string key, long fallback) => described.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
        TimeSpan T(string key, TimeSpan fallback) => described.TryGetValue(key, out var v) ? TimeSpan.ParseExact(v, "c", CultureInfo.InvariantCulture) : fallback;
        var d = new RolloutPolicy();
        return new RolloutPolicy
        {
            Stages = stages,
            MinStageDuration = T("min_stage_duration", d.MinStageDuration),
            MinQueriesPerArm = L("min_queries_per_arm", d.MinQueriesPerArm),
            MaxDuration = T("max_duration", d.MaxDuration),
            MaxErrorRatio = D("max_error_ratio", d.MaxErrorRatio),
            MaxLatencyRatio = D("max_latency_ratio", d.MaxLatencyRatio),
            LatencySlackMs = D("latency_slack_ms", d.LatencySlackMs),
            MinThumbsRatio = D("min_thumbs_ratio", d.MinThumbsRatio),
            MinFeedback = L("min_feedback", d.MinFeedback),
            Alpha = D("alpha", d.Alpha),
            SampleRatioAlpha = D("sample_ratio_alpha", d.SampleRatioAlpha),
            MixingVariance = D("mixing_variance", d.MixingVariance),
        };
    }
}
