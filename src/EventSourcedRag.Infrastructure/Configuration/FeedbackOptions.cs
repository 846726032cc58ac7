using EventSourcedRag.Projections.Feedback;

namespace EventSourcedRag.Infrastructure.Configuration;

/// <summary>How feedback is weighed by the read models. Section "Feedback".</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    public SignalWeights SignalWeights { get; set; } = new(); // never the shared Default: the binder writes into it
}
