namespace EventSourcedRag.Domain.Access;

/// <summary>
/// Which query streams retention removes. A query stream is removed whole, so no read model ever sees feedback without
/// the question and results it judges: one that drew feedback is training data and is kept for the feedback window;
/// one that drew none is kept for the queries window. Documents, models, experiments, keys and erasures (the audit
/// trail itself) are not subject to retention.
/// </summary>
public static class RetentionPolicy
{
    public const string Queries = "queries";
    public const string Feedback = "feedback";

    /// <summary>The category under which a stream whose question was asked at <paramref name="askedAt"/> has expired at <paramref name="now"/>; null: keep it.</summary>
    public static string? Expired(DateTimeOffset askedAt, bool hasFeedback, RetentionWindows windows, DateTimeOffset now)
    {
        var (category, window) = hasFeedback ? (Feedback, windows.Feedback) : (Queries, windows.Queries);
        return window is { } w && askedAt < now - w ? category : null;
    }

    /// <summary>No stream asked at or after this can have expired (null: nothing ever expires).</summary>
    public static DateTimeOffset? EarliestCutoff(RetentionWindows windows, DateTimeOffset now)
    {
        TimeSpan?[] all = [windows.Queries, windows.Feedback];
        var set = all.Where(w => w.HasValue).Select(w => w!.Value).ToList();
        return set.Count == 0 ? null : now - set.Min();
    }
}
