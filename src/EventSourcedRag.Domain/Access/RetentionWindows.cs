namespace EventSourcedRag.Domain.Access;

/// <summary>How long query streams are kept, per category; null keeps them indefinitely.</summary>
public sealed record RetentionWindows(TimeSpan? Queries, TimeSpan? Feedback)
{
    /// <summary>The customer's defaults: questions nobody reacted to for 90 days, questions with feedback (training data) for a year.</summary>
    public static readonly RetentionWindows Default = new(TimeSpan.FromDays(90), TimeSpan.FromDays(365));
}
