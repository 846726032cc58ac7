using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Marten;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>
/// Every write to a model stream, folded and decided by <see cref="ModelDecider"/>: on a commit of its own, or inside the
/// commit of the decision that implies it (an experiment's stage, a rollback's restoration), so both stand or fall together.
/// </summary>
public static class ModelDecisions
{
    /// <summary>Decides <paramref name="commands"/> in turn on the model's stream and stores their events in one commit.</summary>
    public static Task<object[]> HandleAsync(Func<IDocumentSession> openSession, string version, CancellationToken ct, params object[] commands) =>
        DeciderStore.HandleAsync(openSession, ModelStreams.IdOf(version), ModelState.Initial, ModelDecider.Evolve,
            state => ModelDecider.DecideInTurn(state, commands), ct);

    /// <summary>A training run and the gate's verdict on it, stored together.</summary>
    public static Task<object[]> RecordTrainingAsync(EventSessions sessions, string tenant, string actor, RecordTrainedModel trained, RecordGateVerdict verdict,
        CancellationToken ct) =>
        HandleAsync(() => sessions.OpenWrite(new EventMetadata(tenant, actor, "train:" + trained.ModelVersion)), trained.ModelVersion, ct, trained, verdict);

    /// <summary>Decides each model's commands on its folded stream and queues the events in <paramref name="session"/>, without saving.</summary>
    public static async Task DecideInAsync(IDocumentSession session, IEnumerable<(string ModelVersion, object Command)> commands, CancellationToken ct)
    {
        // Streams in one order in every transaction, so two decisions touching the same models wait rather than deadlock.
        foreach (var model in commands.GroupBy(c => c.ModelVersion).OrderBy(g => ModelStreams.IdOf(g.Key)))
            await DeciderStore.DecideInAsync(session, ModelStreams.IdOf(model.Key), ModelState.Initial, ModelDecider.Evolve,
                state => ModelDecider.DecideInTurn(state, model.Select(c => c.Command)), ct);
    }
}
