namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>Another writer appended to the stream first; the command may be retried on fresh state.</summary>
public sealed class StreamConflict(Guid streamId, Exception inner)
    : Exception($"Stream {streamId} was changed by another writer.", inner)
{
    public Guid StreamId { get; } = streamId;
}
