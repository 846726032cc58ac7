using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace EventSourcedRag.Infrastructure.ReadModels;

/// <summary>
/// The async daemon's feed of the read models: Marten hands over pages of committed events in sequence order
/// (waiting out gaps of in-flight transactions) and records how far it got; <see cref="LiveReadModels"/> keeps its
/// own positions, so a page delivered twice changes nothing.
/// </summary>
public sealed class ReadModelSubscription : SubscriptionBase
{
    public const string SubscriptionName = "read-models";
    private readonly LiveReadModels _live;

    public ReadModelSubscription(LiveReadModels live, ReadModelCatalog catalog)
    {
        _live = live;
        Name = SubscriptionName;
        foreach (var type in catalog.AllEventTypes) IncludeType(type);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await _live.ApplyAsync(page.Events.Select(EventLogReader.ToProjected).ToList(), page.SequenceFloor, page.SequenceCeiling, cancellationToken);
        return NullChangeListener.Instance;
    }
}
