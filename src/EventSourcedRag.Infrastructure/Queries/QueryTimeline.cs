using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>Everything recorded about one response, read straight from its stream, in order.</summary>
public sealed class QueryTimeline(EventSessions sessions, PersonalData personal)
{
    public async Task<IReadOnlyList<TimelineEntry>?> GetAsync(string tenant, Guid responseId, CancellationToken ct)
    {
        await using var session = sessions.OpenRead(tenant);
        var events = await session.Events.FetchStreamAsync(responseId, token: ct);
        if (events.Count == 0) return null;
        var opened = await personal.OpenAsync(tenant, events.Select(e => e.Data).ToList(), ct);
        return events.Select((e, i) => new TimelineEntry(e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.Id, e.CorrelationId, e.CausationId,
            e.GetHeader(Domain.EventSchema.ActorHeader)?.ToString(), e.GetHeader(Domain.EventSchema.PrincipalHeader)?.ToString(), opened[i])).ToList();
    }
}
