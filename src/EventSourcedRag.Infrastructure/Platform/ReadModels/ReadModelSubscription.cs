using EventSourcedRag.Infrastructure.Privacy;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// The async daemon's feed of the read models: Marten hands over pages of committed events in sequence order
/// (waiting out gaps of in-flight transactions) and records how far it got; <see cref="LiveReadModels"/> keeps its
/// own positions, so a page delivered twice changes nothing.
/// </summary>
public sealed class ReadModelSubscription : SubscriptionBase
{
    public const string SubscriptionName = "read-models";
    private readonly LiveReadModels _live;
    private readonly PersonalData _personal;

    public ReadModelSubscription(LiveReadModels live, ReadModelCatalog catalog, PersonalData personal)
    {
        _live = live;
        _personal = personal;
        Name = SubscriptionName;
        foreach (var type in catalog.AllEventTypes) IncludeType(type);
        // History is caught up by ReadModelCatchUp through the bulk reader, far faster than the daemon's pages;
        // the daemon only carries what is appended from now on (a gap between the two is filled from the log).
        Options.SubscribeFromPresent();
        Options.BatchSize = 2000;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var events = await _personal.RevealAsync(page.Events.Select(EventLogReader.ToProjected).ToList(), cancellationToken);
        await _live.ApplyAsync(events, page.SequenceFloor, page.SequenceCeiling, cancellationToken);
        return NullChangeListener.Instance;
    }
}
