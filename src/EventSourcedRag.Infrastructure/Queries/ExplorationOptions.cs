namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>Exploration of served responses (section "Retrieval:Exploration"); see <see cref="Exploration"/>.</summary>
public sealed class ExplorationOptions
{
    /// <summary>The share of responses that show one candidate from below the cut; 0 turns exploration off.</summary>
    public double Share { get; set; } = 0.05;

    /// <summary>How many candidates below the shown ones may be explored.</summary>
    public int Pool { get; set; } = 20;

    /// <summary>The highest position an explored result may take; unset: the lower half of the shown results (top_k / 2 + 1, at least 2).</summary>
    public int? FromPosition { get; set; }

    public IEnumerable<string> Validate()
    {
        if (Share is < 0 or > 1) yield return "Retrieval:Exploration:Share must be between 0 and 1.";
        if (Pool < 1) yield return "Retrieval:Exploration:Pool must be at least 1.";
        if (FromPosition is < 1) yield return "Retrieval:Exploration:FromPosition must be at least 1.";
    }
}
