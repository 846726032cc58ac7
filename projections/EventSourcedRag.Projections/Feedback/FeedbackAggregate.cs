namespace EventSourcedRag.Projections.Feedback;

/// <summary>
/// Everything users did with one chunk, one document or one normalised query. Positions are counted per rank
/// (index 0 = position 1; the last bucket holds every position from <see cref="PositionBuckets"/> on), so a
/// reader can debias click-through by the examination propensity of the ranks where it was shown.
/// </summary>
public sealed class FeedbackAggregate
{
    public const int PositionBuckets = 20;

    public string Tenant { get; set; } = "";
    public string Scope { get; set; } = "";
    public string Subject { get; set; } = "";
    public long Responses { get; set; }
    public long Impressions { get; set; }
    public long[] ImpressionsByPosition { get; set; } = new long[PositionBuckets];
    public long Clicks { get; set; }
    public long[] ClicksByPosition { get; set; } = new long[PositionBuckets];
    public long Dwells { get; set; }
    public double DwellSeconds { get; set; }
    public long LongDwells { get; set; }
    public long Copies { get; set; }
    public long Shares { get; set; }
    public long ThumbsUp { get; set; }
    public long ThumbsDown { get; set; }
    public long Ratings { get; set; }
    public long RatingSum { get; set; }
    public long[] RatingHistogram { get; set; } = new long[5];
    public long WrongSourceFlags { get; set; }
    public long MissingInfoFlags { get; set; }
    public long SuggestedAsSource { get; set; }
    public long Reformulations { get; set; }
    public long Abandons { get; set; }

    /// <summary>Sum of the configured weights of every signal attributed here.</summary>
    public double SignalScore { get; set; }

    public long FirstSequence { get; set; }
    public long LastSequence { get; set; }

    public double Ctr => Impressions == 0 ? 0 : (double)Clicks / Impressions;

    /// <summary>Up over up + down; null without thumbs.</summary>
    public double? ThumbsRatio => ThumbsUp + ThumbsDown == 0 ? null : (double)ThumbsUp / (ThumbsUp + ThumbsDown);

    public double? MeanRating => Ratings == 0 ? null : (double)RatingSum / Ratings;

    public double? MeanDwellSeconds => Dwells == 0 ? null : DwellSeconds / Dwells;

    /// <summary>
    /// Clicks over the expected number of examinations: Σ impressions at rank k × propensity of rank k.
    /// A result shown low (rarely examined) that still gets clicks scores higher than its raw CTR.
    /// </summary>
    public double? DebiasedCtr(IReadOnlyList<double> propensities)
    {
        var examined = 0.0;
        for (var k = 0; k < PositionBuckets; k++) examined += ImpressionsByPosition[k] * PositionPropensities.At(propensities, k + 1);
        return examined <= 0 ? null : Clicks / examined;
    }

    public static int Bucket(int position) => Math.Clamp(position, 1, PositionBuckets) - 1;
}
