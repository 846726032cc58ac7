namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>The host holds as much feedback waiting to be written as it may; nothing was stored, send it again after <see cref="RetryAfter"/>.</summary>
public sealed class FeedbackQueueFull(TimeSpan retryAfter)
    : Exception("Feedback is arriving faster than it can be stored; nothing was stored. Retry later.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
