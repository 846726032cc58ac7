namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>Exploration of served responses (section "Retrieval:Exploration"); see <see cref="Exploration"/>.</summary>
public sealed class ExplorationOptions
{
    /// <summary>The share of responses that show one candidate from below the cut; 0 turns exploration off.</summary>
    public double Share { get; set; } = 0.05;

    /// <summary>How many candidates below the shown ones may be explored.</summary>
    public int Pool { get; set; } = 20;

    /// <summary>
    /// The share for a question that earlier askers were shown at least <see cref="UncertainAfter"/> times and chose a
    /// source from at most <see cref="UncertainBelow"/> of those times: the relevant document is likely below the cut,
    /// where only exploration can show it, and the shown list is failing those users anyway. 0 keeps the plain share.
    /// </summary>
    public double UncertainShare { get; set; } = 0.3;

    /// <summary>How many earlier responses to a question must have been shown before it can count as uncertain.</summary>
    public int UncertainAfter { get; set; } = 2;

    /// <summary>The largest share of those responses with a chosen source at which a question still counts as uncertain.</summary>
    public double UncertainBelow { get; set; } = 0.34;

    /// <summary>The highest position an explored result may take; unset: the lower half of the shown results (top_k / 2 + 1, at least 2).</summary>
    public int? FromPosition { get; set; }

    public IEnumerable<string> Validate()
    {
        if (Share is < 0 or > 1) yield return "Retrieval:Exploration:Share must be between 0 and 1.";
        if (UncertainShare is < 0 or > 1) yield return "Retrieval:Exploration:UncertainShare must be between 0 and 1.";
        if (UncertainAfter < 1) yield return "Retrieval:Exploration:UncertainAfter must be at least 1.";
        if (UncertainBelow is < 0 or > 1) yield return "Retrieval:Exploration:UncertainBelow must be between 0 and 1.";
        if (Pool < 1) yield return "Retrieval:Exploration:Pool must be at least 1.";
        if (FromPosition is < 1) yield return "Retrieval:Exploration:FromPosition must be at least 1.";
    }
}
