using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Serving;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Marten;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// The tenant-wide serving rules, decided by <see cref="TenantServingDecider"/> on the tenant's serving stream inside the
/// commit of the decision that needs them (an experiment's start or end, a deployment by hand): two such decisions at once
/// meet at the stream's version, and the later one is decided again on what the first stored.
/// </summary>
public static class TenantServingDecisions
{
    public static Task DecideInAsync(IDocumentSession session, string tenant, IReadOnlyList<object> commands, CancellationToken ct) =>
        commands.Count == 0
            ? Task.CompletedTask
            : DeciderStore.DecideInAsync(session, ServingStreams.IdOf(tenant), TenantServingState.Initial, TenantServingDecider.Evolve,
                state => DecideInTurn.Run(state, commands, TenantServingDecider.Decide, TenantServingDecider.Evolve), ct);
}
