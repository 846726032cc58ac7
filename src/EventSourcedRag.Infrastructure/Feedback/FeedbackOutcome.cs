namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>What became of one signal: stored (its events), a repeat of one already stored (no events), or refused.</summary>
public sealed record FeedbackOutcome(object[] Events, Exception? Refusal)
{
    public bool Stored => Events.Length > 0;

    public bool Duplicate => Events.Length == 0 && Refusal is null;

    public static FeedbackOutcome Refused(Exception refusal) => new([], refusal);
}
