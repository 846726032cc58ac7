using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Projections.Feedback;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>How feedback is taken in, weighed by the read models and remembered for serving. Section "Feedback".</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    public SignalWeights SignalWeights { get; set; } = new(); // never the shared Default: the binder writes into it

    /// <summary>How many of the newest responses each API host remembers to attribute late clicks to (serve-time feedback priors).</summary>
    public int PriorResponseWindow { get; set; } = 200_000;

    /// <summary>How many (query, chunk) and chunk counts each API host keeps for serve-time priors; beyond it those with the least evidence are forgotten.</summary>
    public int MaxPriorEntries { get; set; } = 1_000_000;

    /// <summary>Seen-query memory: the chunks earlier askers of a question chose join its candidates.</summary>
    public SeenQueryMemoryOptions Memory { get; set; } = new();

    /// <summary>The most signals one POST /v1/feedback/batch may carry.</summary>
    public int MaxBatchSignals { get; set; } = 500;

    /// <summary>The most feedback signals stored on one response per hour; more are refused with 429 until the hour is over.</summary>
    public int MaxSignalsPerResponsePerHour { get; set; } = 100;

    /// <summary>The most feedback signals one end user (X-User-Id) may send per minute, counted by each API host; more get 429.</summary>
    public int MaxSignalsPerUserPerMinute { get; set; } = 600;

    /// <summary>The most signals an API host holds waiting to be written; more are refused with 503 and Retry-After.</summary>
    public int MaxQueuedSignals { get; set; } = 20_000;

    public IEnumerable<string> Validate()
    {
        foreach (var problem in SignalWeights.Validate()) yield return problem;
        if (PriorResponseWindow < 1) yield return "Feedback:PriorResponseWindow must be at least 1.";
        if (MaxPriorEntries < 1) yield return "Feedback:MaxPriorEntries must be at least 1.";
        foreach (var problem in Memory.Validate()) yield return problem;
        if (MaxBatchSignals < 1) yield return "Feedback:MaxBatchSignals must be at least 1.";
        if (MaxSignalsPerResponsePerHour < 1) yield return "Feedback:MaxSignalsPerResponsePerHour must be at least 1.";
        if (MaxSignalsPerUserPerMinute < 1) yield return "Feedback:MaxSignalsPerUserPerMinute must be at least 1.";
        if (MaxQueuedSignals < 1) yield return "Feedback:MaxQueuedSignals must be at least 1.";
    }
}
