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

    /// <summary>Roll back when the treatment's p95 latency exceeds this multiple of the control's.</summary>
    public double MaxLatencyRatio { get; init; } = 1.5;

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
        if (MixingVariance <= 0) yield return "Experiments:Rollout:MixingVariance must be positive.";
    }
}
