using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Domain.Feedback;

/// <summary>Record one feedback signal on a response.</summary>
/// <param name="FeedbackKey">The client's idempotency key, or one derived by <see cref="DeriveKey"/>.</param>
/// <param name="MaxPerWindow">
/// The most signals one response may take within <see cref="Queries.QueryDecider.FeedbackWindow"/> (configuration, passed in
/// like the time), so that repeating a signal cannot buy a source ranking.
/// </param>
public sealed record RecordFeedback(Guid ResponseId, string FeedbackKey, FeedbackSignal Signal, DateTimeOffset? ClientAt, DateTimeOffset Now,
    int MaxPerWindow = int.MaxValue)
{
    /// <summary>
    /// The key of a submission without an explicit idempotency key: the same response, kind, target and
    /// client timestamp is the same submission, so a retry of it stores nothing twice.
    /// </summary>
    public static string DeriveKey(Guid responseId, FeedbackSignal signal, DateTimeOffset? clientAt)
    {
        var at = clientAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? "";
        var raw = $"{responseId:N}|{signal.Kind}|{signal.Target}|{at}";
        return "d:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..32];
    }
}
