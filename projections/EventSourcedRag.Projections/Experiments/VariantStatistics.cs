namespace EventSourcedRag.Projections.Experiments;

/// <summary>
/// The running statistics of one experiment arm (experiment "none" holds traffic outside any experiment, by
/// retriever). Sums and counts only, so the analysis side can compute rates, intervals and tests from them.
/// </summary>
public sealed class VariantStatistics
{
    /// <summary>Upper bounds (ms) of the latency histogram's buckets; the last bucket is everything above.</summary>
    public static readonly double[] LatencyBucketsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

    public string Tenant { get; set; } = "";
    public string Experiment { get; set; } = "";

    /// <summary>The rollout stage (0 outside experiments).</summary>
    public int Stage { get; set; }
    public string Variant { get; set; } = "";

    /// <summary>Distinct assignment units (users, or sessions when the experiment assigns by session) served by this arm.</summary>
    public long Exposures { get; set; }
    public long Queries { get; set; }
    public long Clicks { get; set; }

    /// <summary>Responses with at least one click, and the sum of 1 / rank of their first click.</summary>
    public long ClickedResponses { get; set; }
    public double FirstClickReciprocalRankSum { get; set; }
    public double FirstClickReciprocalRankSquares { get; set; }
    public long ThumbsUp { get; set; }
    public long ThumbsDown { get; set; }
    public long Abandons { get; set; }
    public double LatencySumMs { get; set; }
    public double LatencySquaresMs { get; set; }
    public long[] LatencyHistogram { get; set; } = new long[LatencyBucketsMs.Length + 1];

    /// <summary>Queries that failed after being received (<c>QueryFailed</c>); they count in <see cref="Queries"/> too.</summary>
    public long Errors { get; set; }

    public double Ctr => Queries == 0 ? 0 : (double)ClickedResponses / Queries;
    public double? ThumbsRatio => ThumbsUp + ThumbsDown == 0 ? null : (double)ThumbsUp / (ThumbsUp + ThumbsDown);
    public double AbandonmentRate => Queries == 0 ? 0 : (double)Abandons / Queries;
    public double MeanFirstClickReciprocalRank => Queries == 0 ? 0 : FirstClickReciprocalRankSum / Queries;

    public static int LatencyBucket(double ms)
    {
        var i = Array.FindIndex(LatencyBucketsMs, b => ms <= b);
        return i < 0 ? LatencyBucketsMs.Length : i;
    }

    /// <summary>The latency at quantile <paramref name="q"/>, as the upper bound of the bucket that holds it.</summary>
    public double? LatencyQuantileMs(double q)
    {
        var total = LatencyHistogram.Sum();
        if (total == 0) return null;
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < LatencyHistogram.Length; i++)
        {
            seen += LatencyHistogram[i];
            if (seen >= rank) return i < LatencyBucketsMs.Length ? LatencyBucketsMs[i] : double.PositiveInfinity;
        }
        return double.PositiveInfinity;
    }
}
