namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// The bookkeeping behind <see cref="IndexFreshness"/>: the newest head the index has seen in the log, and the
/// newest instant as of which it held every committed event. A catch-up reads the head at some instant; once it
/// has applied up to that head, the index is level as of that instant, whether or not more events arrived
/// meanwhile (under steady traffic they always do). Safe to read from query threads while the feeder writes.
/// </summary>
public sealed class IndexLevel
{
    private long _seenHead;
    private long _levelAtTicks; // 0 = never level since the host started
    private long _pendingHead = -1;
    private long _pendingAtTicks;

    public long SeenHead => Interlocked.Read(ref _seenHead);

    public DateTimeOffset? LevelAt => Interlocked.Read(ref _levelAtTicks) is var ticks && ticks != 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>The log's head, as read at <paramref name="readAt"/>, with the index at <paramref name="position"/>.</summary>
    public void HeadRead(long head, DateTimeOffset readAt, long position)
    {
        if (head > Interlocked.Read(ref _seenHead)) Interlocked.Exchange(ref _seenHead, head);
        (_pendingHead, _pendingAtTicks) = (head, readAt.UtcTicks);
        Applied(position);
    }

    /// <summary>The index has applied every event up to <paramref name="position"/>.</summary>
    public void Applied(long position)
    {
        if (_pendingHead >= 0 && position >= _pendingHead && _pendingAtTicks > Interlocked.Read(ref _levelAtTicks))
            Interlocked.Exchange(ref _levelAtTicks, _pendingAtTicks);
    }
}
