using EventSourcedRag.Infrastructure.EventStore;
using Marten;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>Everything recorded about one response, read straight from its stream, in order.</summary>
public sealed class QueryTimeline(EventSessions sessions)
{
    public async Task<IReadOnlyList<TimelineEntry>?> GetAsync(string tenant, Guid responseId, CancellationToken ct)
    {
        await using var session = sessions.OpenRead(tenant);
        var events = await session.Events.FetchStreamAsync(responseId, token: ct);
        if (events.Count == 0) return null;
        return events.Select(e => new TimelineEntry(
            e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.Id, e.CorrelationId, e.CausationId,
            e.GetHeader(Domain.EventSchema.ActorHeader)?.ToString(), e.Data)).ToList();
    }
}

public sealed record TimelineEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp, Guid EventId, string? CorrelationId, string? CausationId, string? Actor, object Data);
