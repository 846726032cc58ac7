namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// How far this host's search index trails the event log, as a query answered now sees it. The index is served
/// whatever its lag (a trailing index is incomplete, not wrong); a stale one says so in the response.
/// </summary>
/// <param name="IndexPosition">The last event the index has applied.</param>
/// <param name="LogPosition">The newest committed event the index has seen in the log (at least <paramref name="IndexPosition"/>).</param>
/// <param name="BehindEvents">Events seen in the log and not applied yet.</param>
/// <param name="LagSeconds">Age of the newest instant as of which the index held every committed event; null when it never did since the host started.</param>
/// <param name="Stale">True when that age is over the configured limit: a steady stream of new events, applied as they come, never makes an index stale.</param>
public sealed record IndexFreshness(long IndexPosition, long LogPosition, long BehindEvents, double? LagSeconds, bool Stale)
{
    /// <param name="levelAt">The instant as of which the index holds every committed event (when the last catch-up read the log's head).</param>
    public static IndexFreshness Of(long position, long seenHead, DateTimeOffset? levelAt, DateTimeOffset now, TimeSpan staleAfter)
    {
        var head = Math.Max(seenHead, position);
        double? lag = levelAt is { } at ? Math.Round(Math.Max(0, (now - at).TotalSeconds), 3) : null;
        return new IndexFreshness(position, head, head - position, lag, lag is null || lag > staleAfter.TotalSeconds);
    }
}
