using EventSourcedRag.Domain;
using Marten;

namespace EventSourcedRag.Infrastructure.EventStore;

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
        session.SetHeader(EventSchema.ActorHeader, metadata.Actor);
        session.SetHeader(EventSchema.SchemaVersionHeader, EventSchema.Version);
        if (metadata.Principal is not null) session.SetHeader(EventSchema.PrincipalHeader, metadata.Principal);
        return session;
    }

    public IQuerySession OpenRead(string tenant) => Store.QuerySession(tenant);
}
