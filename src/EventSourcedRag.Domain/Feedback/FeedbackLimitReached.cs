namespace EventSourcedRag.Domain.Feedback;

/// <summary>
/// A signal over a cap (per response, or per user): nothing was stored, and the same signal may be sent again after
/// <see cref="RetryAfter"/>. Answered as 429, not 400: the signal itself is valid.
/// </summary>
/// <param name="Scope">What the cap counts: "response" or "user".</param>
public sealed class FeedbackLimitReached(string scope, int limit, TimeSpan retryAfter)
    : DomainRuleViolated("feedback_limit", $"This {scope} has reached its limit of {limit} feedback signals for now; retry after {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.")
{
    public string Scope { get; } = scope;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
