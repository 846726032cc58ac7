using EventSourcedRag.Projections.Feedback;

namespace EventSourcedRag.Infrastructure.Configuration;

/// <summary>How feedback is weighed by the read models and remembered for serving. Section "Feedback".</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    public SignalWeights SignalWeights { get; set; } = new(); // never the shared Default: the binder writes into it

    /// <summary>How many of the newest responses each API host remembers to attribute late clicks to (serve-time feedback priors).</summary>
    public int PriorResponseWindow { get; set; } = 200_000;

    public IEnumerable<string> Validate()
    {
        foreach (var problem in SignalWeights.Validate()) yield return problem;
        if (PriorResponseWindow < 1) yield return "Feedback:PriorResponseWindow must be at least 1.";
    }
}
