using EventSourcedRag.Domain;
using Marten;

namespace EventSourcedRag.Infrastructure.Platform.EventStore;

/// <summary>Opens Marten sessions for one tenant with the event metadata every write must carry.</summary>
public sealed class EventSessions(IDocumentStore store)
{
    public IDocumentStore Store { get; } = store;

    public IDocumentSession OpenWrite(EventMetadata metadata)
    {
        var session = Store.LightweightSession(metadata.Tenant);
        session.CorrelationId = metadata.CorrelationId;
        session.CausationId = metadata.CausationId;
        session.LastModifiedBy = metadata.Actor;
        foreach (var (name, value) in Headers(metadata)) session.SetHeader(name, value);
        return session;
    }

    /// <summary>The headers every event written for <paramref name="metadata"/> carries.</summary>
    public static IEnumerable<(string Name, object Value)> Headers(EventMetadata metadata)
    {
        yield return (EventSchema.ActorHeader, metadata.Actor);
        yield return (EventSchema.SchemaVersionHeader, EventSchema.Version);
        if (metadata.Principal is not null) yield return (EventSchema.PrincipalHeader, metadata.Principal);
    }

    public IQuerySession OpenRead(string tenant) => Store.QuerySession(tenant);
}
