namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// One row per feedback stored, keyed by response and idempotency key, inserted in the transaction that stores the
/// event. Whether a signal repeats one already stored is a lookup of its own key, whatever the number of signals
/// before it; and two writers racing with the same key cannot both insert it.
/// </summary>
/// <param name="ResponseId">Indexed, so retention removes a response's claims with its stream.</param>
public sealed record FeedbackKeyClaim(string Id, Guid ResponseId)
{
    public static string IdOf(Guid responseId, string feedbackKey) => $"{responseId:N}:{feedbackKey}";

    public static FeedbackKeyClaim For(Guid responseId, string feedbackKey) => new(IdOf(responseId, feedbackKey), responseId);
}
