namespace EventSourcedRag.Projections.Feedback;

/// <summary>
/// How much each user signal says about a result, from the customer's signal guide; configurable (section
/// "Feedback:SignalWeights"). Wrong-source and suggested-source flags are explicit judgements of one chunk,
/// weighted like thumbs. Part of every read model's fingerprint: other weights, other rows.
/// </summary>
public sealed record SignalWeights
{
    public double ThumbsUp { get; init; } = 1.0;
    public double ThumbsDown { get; init; } = -1.0;
    public double Share { get; init; } = 0.8;
    public double Copy { get; init; } = 0.7;
    public double Click { get; init; } = 0.6;
    public double LongDwell { get; init; } = 0.5;
    public double Reformulation { get; init; } = -0.3;
    public double Abandon { get; init; } = -0.4;
    public double WrongSource { get; init; } = -1.0;
    public double SuggestedSource { get; init; } = 1.0;

    /// <summary>Dwell of at least this many seconds counts as reading carefully.</summary>
    public double LongDwellSeconds { get; init; } = 30;

    public static SignalWeights Default { get; } = new();

    public IEnumerable<string> Validate()
    {
        double[] all = [ThumbsUp, ThumbsDown, Share, Copy, Click, LongDwell, Reformulation, Abandon, WrongSource, SuggestedSource, LongDwellSeconds];
        if (all.Any(w => !double.IsFinite(w))) yield return "Feedback:SignalWeights must all be finite numbers.";
        if (ThumbsUp <= 0 || Share <= 0 || Copy <= 0 || Click <= 0 || LongDwell <= 0 || SuggestedSource <= 0)
            yield return "Feedback:SignalWeights of positive signals (thumbs up, share, copy, click, long dwell, suggested source) must be above 0.";
        if (ThumbsDown >= 0 || Reformulation >= 0 || Abandon >= 0 || WrongSource >= 0)
            yield return "Feedback:SignalWeights of negative signals (thumbs down, reformulation, abandon, wrong source) must be below 0.";
        if (LongDwellSeconds <= 0) yield return "Feedback:SignalWeights:LongDwellSeconds must be above 0.";
    }
}
