namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// One row per feedback stored, keyed by response and idempotency key, inserted in the transaction that stores the
/// event. Whether a signal repeats one already stored is a lookup of its own key, whatever the number of signals
/// before it; and two writers racing with the same key cannot both insert it.
/// </summary>
public sealed record FeedbackKeyClaim(string Id)
{
    public static string IdOf(Guid responseId, string feedbackKey) => $"{responseId:N}:{feedbackKey}";
}
