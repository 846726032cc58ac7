namespace EventSourcedRag.Learning.Experiments;

/// <summary>
/// What one arm of an experiment has seen so far: counts and sums (from the experiment-statistics read model),
/// enough for every rate, mean, variance and test the rollout evaluator needs.
/// </summary>
/// <param name="Units">Distinct assignment units (users or sessions) served by the arm: the sample-ratio check counts these.</param>
/// <param name="Queries">Responses served by the arm.</param>
/// <param name="ClickedResponses">Responses with at least one click.</param>
/// <param name="ReciprocalRankSum">Σ 1/rank of each response's first click (0 for responses without one).</param>
/// <param name="ReciprocalRankSquares">Σ (1/rank)² of the same, for the variance.</param>
/// <param name="Errors">Queries that failed after they were received.</param>
/// <param name="LatencyP95Ms">95th percentile of the total latency, null with no answers yet (likewise the 50th and 99th).</param>
public sealed record ArmSummary(
    long Units, long Queries, long ClickedResponses, double ReciprocalRankSum, double ReciprocalRankSquares,
    long ThumbsUp, long ThumbsDown, long Abandons, long Errors, double? LatencyP95Ms, double? LatencyP50Ms = null, double? LatencyP99Ms = null)
{
    public static readonly ArmSummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, null);

    public double Ctr => Queries == 0 ? 0 : (double)ClickedResponses / Queries;
    public double AbandonmentRate => Queries == 0 ? 0 : (double)Abandons / Queries;
    public double ErrorRate => Queries == 0 ? 0 : (double)Errors / Queries;
    public double? ThumbsRatio => ThumbsUp + ThumbsDown == 0 ? null : (double)ThumbsUp / (ThumbsUp + ThumbsDown);
    public double MeanReciprocalRank => Queries == 0 ? 0 : ReciprocalRankSum / Queries;

    /// <summary>Sample variance of the per-response first-click reciprocal rank.</summary>
    public double ReciprocalRankVariance => Queries < 2 ? 0
        : Math.Max(0, (ReciprocalRankSquares - ReciprocalRankSum * ReciprocalRankSum / Queries) / (Queries - 1));
}
