namespace EventSourcedRag.Learning.Simulation;

/// <summary>
/// Parameters of the simulated user (see <see cref="ClickModel"/>). Defaults follow the shape reported for web
/// and enterprise search logs: examination falls off roughly as 1 / rank, relevant results are clicked most of the
/// time they are seen, irrelevant ones rarely, and most users stop after a satisfying click.
/// </summary>
public sealed record ClickModelOptions
{
    /// <summary>Examination probability at rank k is min(1, 1 / k^η).</summary>
    public double ExaminationExponent { get; init; } = 1.0;

    /// <summary>How many results the user can see (the response's top_k).</summary>
    public int Shown { get; init; } = 10;

    public double ClickIfRelevant { get; init; } = 0.85;
    public double ClickIfIrrelevant { get; init; } = 0.05;

    /// <summary>Chance of stopping after a click on a relevant result (cascade behaviour); after other clicks the user reads on.</summary>
    public double StopAfterSatisfied { get; init; } = 0.7;

    /// <summary>Share of clicks that go to a random shown result instead, and of ratings/thumbs/dwell that are drawn as if the truth were the opposite.</summary>
    public double Noise { get; init; } = 0.1;

    /// <summary>When nothing relevant was clicked: chance of asking again in other words (otherwise the user abandons).</summary>
    public double ReformulateIfUnsatisfied { get; init; } = 0.5;

    public double ThumbsRate { get; init; } = 0.4;
    public double RatingRate { get; init; } = 0.2;
    public double CopyRate { get; init; } = 0.2;

    /// <summary>Chance of flagging an examined irrelevant first result as the wrong source.</summary>
    public double WrongSourceRate { get; init; } = 0.1;

    public IEnumerable<string> Validate()
    {
        if (ExaminationExponent is < 0 or > 5) yield return "examination exponent must be between 0 and 5";
        if (Shown is < 1 or > 200) yield return "shown must be between 1 and 200";
        foreach (var (name, p) in new[]
                 {
                     ("click-if-relevant", ClickIfRelevant), ("click-if-irrelevant", ClickIfIrrelevant), ("stop-after-satisfied", StopAfterSatisfied),
                     ("noise", Noise), ("reformulate-if-unsatisfied", ReformulateIfUnsatisfied), ("thumbs-rate", ThumbsRate),
                     ("rating-rate", RatingRate), ("copy-rate", CopyRate), ("wrong-source-rate", WrongSourceRate),
                 })
            if (p is < 0 or > 1 || double.IsNaN(p)) yield return $"{name} must be a probability between 0 and 1";
    }
}
