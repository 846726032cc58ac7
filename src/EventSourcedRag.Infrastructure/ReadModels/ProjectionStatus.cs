using System.Diagnostics.Metrics;

namespace EventSourcedRag.Infrastructure.ReadModels;

/// <summary>
/// Where each read model stands: its live target, position, lag behind the head of the log, and whether it was
/// built with the settings in force now. Also published as the metric esrag.projection.lag (events).
/// </summary>
public sealed class ProjectionStatus
{
    private readonly ReadModelStore _store;
    private readonly EventLogReader _log;
    private readonly ReadModelCatalog _catalog;
    private IReadOnlyList<ProjectionState> _last = [];

    public ProjectionStatus(ReadModelStore store, EventLogReader log, ReadModelCatalog catalog, IMeterFactory meters)
    {
        (_store, _log, _catalog) = (store, log, catalog);
        var meter = meters.Create("EventSourcedRag.Projections");
        meter.CreateObservableGauge("esrag.projection.lag", () => _last.Select(s => new Measurement<long>(s.Lag, new KeyValuePair<string, object?>("projection", s.Name))),
            unit: "{event}", description: "Events between the head of the log and the live target of each read model");
    }

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
        _last = states;
        return states;
    }
}

/// <param name="UpToDateSettings">False when the live target was built with other settings (e.g. signal weights) than the ones in force.</param>
public sealed record ProjectionState(string Name, string? LiveTarget, long Position, long Head, long Lag, bool UpToDateSettings, string Fingerprint, IReadOnlyList<TargetState> Targets);

public sealed record TargetState(string Target, long Position, long? AsOfSequence, DateTimeOffset? AsOfTime, DateTimeOffset BuiltAt, bool Live, bool CurrentSettings);
