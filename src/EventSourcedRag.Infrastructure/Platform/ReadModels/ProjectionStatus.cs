using EventSourcedRag.Infrastructure.Platform.Observability;

namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// Where each read model stands: its live target, position, lag behind the head of the log, and whether it was
/// built with the settings in force now. Each reading also sets the gauge esrag_projection_lag_events.
/// </summary>
public sealed class ProjectionStatus
{
    private readonly ReadModelStore _store;
    private readonly EventLogReader _log;
    private readonly ReadModelCatalog _catalog;

    private readonly Telemetry _telemetry;

    public ProjectionStatus(ReadModelStore store, EventLogReader log, ReadModelCatalog catalog, Telemetry telemetry) =>
        (_store, _log, _catalog, _telemetry) = (store, log, catalog, telemetry);

    public async Task<IReadOnlyList<ProjectionState>> ReadAsync(CancellationToken ct)
    {
        var head = await _log.HeadAsync(ct);
        var targets = await _store.TargetsAsync(ct);
        var states = _catalog.Names.Select(name =>
        {
            var mine = targets.Where(t => t.Target.Projection == name).ToList();
            var live = mine.FirstOrDefault(t => t.Live).Target;
            var fingerprint = _catalog.Create(name).Fingerprint;
            return new ProjectionState(name, live?.Target, live?.Position ?? 0, head, head - (live?.Position ?? 0),
                live is null || live.Fingerprint == fingerprint, fingerprint,
                mine.Select(t => new TargetState(t.Target.Target, t.Target.Position, t.Target.AsOfSequence, t.Target.AsOfTime, t.Target.BuiltAt, t.Live, t.Target.Fingerprint == fingerprint)).ToList());
        }).ToList();
        foreach (var state in states) _telemetry.Lag(state.Name, state.Lag);
        return states;
    }
}
