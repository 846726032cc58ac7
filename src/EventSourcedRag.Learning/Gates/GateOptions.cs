namespace EventSourcedRag.Learning.Gates;

/// <summary>The offline validation gate's thresholds (configuration section <c>Learning:Gate</c>).</summary>
public sealed record GateOptions
{
    /// <summary>MRR@10 and nDCG@10 may fall to this share of the baseline's and no lower (the customer's guide: 0.95).</summary>
    public double Tolerance { get; init; } = 0.95;

    /// <summary>
    /// The candidate must beat the baseline on MRR@10 or nDCG@10 by at least this relative margin: a model that
    /// is merely no worse is not worth a deployment.
    /// </summary>
    public double MinRelativeImprovement { get; init; } = 0.01;

    /// <summary>Fewer held-out lists than this cannot tell models apart, so the candidate is rejected.</summary>
    public int MinHeldOutLists { get; init; } = 30;

    public IEnumerable<string> Validate()
    {
        if (Tolerance is <= 0 or > 1) yield return "Learning:Gate:Tolerance must be in (0, 1].";
        if (MinRelativeImprovement is < 0 or > 1) yield return "Learning:Gate:MinRelativeImprovement must be in [0, 1].";
        if (MinHeldOutLists < 1) yield return "Learning:Gate:MinHeldOutLists must be at least 1.";
    }
}
