using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Which trained models serve each tenant, one per kind (<see cref="ModelKinds"/>): the tenant's <see cref="ServingState"/>,
/// fed the model events in log order by <see cref="ServingStateFeeder"/>. A deployed model answers queries once its artifact is loaded
/// (<see cref="InstallAsync"/>); until then the untrained default serves in its place, and the served events say so.
/// Running experiments are folded too: their treatment is loaded like a deployed model, and the experiment is
/// offered to queries (<see cref="ExperimentFor"/>) only once it is, so no unit is assigned an arm that cannot serve.
/// Erasures are folded too: an erased subject's personal steering is dropped from every loaded model and never
/// opened again, whatever a key cache elsewhere still holds.
/// </summary>
public sealed class ServingModels : IDisposable
{
    public static readonly Type[] EventTypes =
        [typeof(ModelTrained), typeof(ModelDeploymentChanged), typeof(ModelRolledBack), typeof(ExperimentStarted), typeof(RolloutStageChanged), typeof(ExperimentEnded),
         typeof(SubjectErased)];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingState> _states = new(StringComparer.Ordinal);
    // What each tenant's state serves per kind, taken from it when a model event changes it: every query asks, and the
    // state answers by scanning all the tenant's models.
    private readonly Dictionary<(string Tenant, string Kind), string> _serving = [];
    private readonly Dictionary<(string Tenant, string Version), string> _artifacts = [];
    private readonly Dictionary<(string Tenant, string Version), IDisposable> _loaded = [];
    private readonly HashSet<(string Tenant, string Version)> _unloadable = [];
    private readonly Dictionary<string, ExperimentRoute> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _erased = new(StringComparer.Ordinal);

    /// <summary>The deployed reranker of the tenant, or null when the default serves (nothing deployed, or not loaded yet).</summary>
    public IReranker? RerankerFor(string tenant) => Loaded(tenant, ModelKinds.Reranker) as IReranker;

    /// <summary>The deployed query adapter of the tenant, or null when queries are searched as the encoder embeds them.</summary>
    public IQueryAdapter? AdapterFor(string tenant) => Loaded(tenant, ModelKinds.QueryAdapter) as IQueryAdapter;

    /// <summary>The deployed query-expansion model of the tenant, or null when queries are searched with their own words only.</summary>
    public IQueryExpander? ExpanderFor(string tenant) => Loaded(tenant, ModelKinds.QueryExpansion) as IQueryExpander;

    /// <summary>The deployed personal steering of the tenant, or null when no user's queries are steered.</summary>
    public PersonalSteering? SteeringFor(string tenant) => Loaded(tenant, ModelKinds.PersonalSteering) as PersonalSteering;

    /// <summary>The reranker version deployed for the tenant according to the log, loaded or not.</summary>
    public string? DeployedReranker(string tenant) => Deployed(tenant, ModelKinds.Reranker);

    /// <summary>The version of <paramref name="kind"/> deployed for the tenant according to the log, loaded or not.</summary>
    public string? Deployed(string tenant, string kind)
    {
        lock (_lock) return ServingIn(tenant, kind);
    }

    /// <summary>The tenant's running experiment and its loaded treatment (an <see cref="IReranker"/>, <see cref="IQueryAdapter"/>, <see cref="IQueryExpander"/> or <see cref="PersonalSteering"/>), if any.</summary>
    public (ExperimentRoute Route, object Treatment)? ExperimentFor(string tenant)
    {
        lock (_lock)
            return _experiments.TryGetValue(tenant, out var route) && _loaded.TryGetValue((tenant, route.Treatment), out var model) ? (route, model) : null;
    }

    /// <summary>The tenant's running experiment according to the log, its treatment loaded or not.</summary>
    public ExperimentRoute? RunningExperiment(string tenant)
    {
        lock (_lock) return _experiments.GetValueOrDefault(tenant);
    }

    public void Apply(string tenant, object @event)
    {
        lock (_lock)
        {
            switch (@event)
            {
                case ExperimentStarted x:
                    _experiments[tenant] = new ExperimentRoute(x.ExperimentId, x.ModelKind, x.ControlVersion, x.TreatmentVersion, x.AssignmentUnit, x.Salt, 0, x.Stages[0]);
                    break;
                case RolloutStageChanged x when _experiments.GetValueOrDefault(tenant)?.ExperimentId == x.ExperimentId:
                    _experiments[tenant] = _experiments[tenant] with { Stage = x.StageIndex, TreatmentShare = x.TreatmentShare };
                    break;
                case ExperimentEnded x when _experiments.GetValueOrDefault(tenant)?.ExperimentId == x.ExperimentId:
                    _experiments.Remove(tenant);
                    break;
                case SubjectErased x:
                    (_erased.TryGetValue(tenant, out var erased) ? erased : _erased[tenant] = new HashSet<string>(StringComparer.Ordinal)).Add(x.SubjectHash);
                    foreach (var ((t, _), model) in _loaded)
                        if (t == tenant && model is PersonalSteering steering) steering.Forget(x.SubjectHash);
                    break;
                case ModelTrained or ModelDeploymentChanged or ModelRolledBack:
                    if (@event is ModelTrained trained) _artifacts.TryAdd((tenant, trained.ModelVersion), trained.ArtifactSha256);
                    Fold(tenant, @event);
                    break;
            }
        }
    }

    /// <summary>
    /// Loads the artifacts of deployed models this host does not hold yet, each checked against its hash. A model
    /// whose artifact is missing or unreadable is not retried; the default serves in its place, and the served
    /// events name the default. Returns the failures, for the caller to report.
    /// </summary>
    /// <param name="keys">Opens personal steering, whose directions are sealed per user.</param>
    public async Task<IReadOnlyList<(string Version, Exception Error)>> InstallAsync(ModelArtifactStore artifacts, SubjectKeys keys, CancellationToken ct)
    {
        List<(string Tenant, string Kind, string Version, string Artifact)> missing;
        lock (_lock) missing = [.. NotLoaded()];
        var failures = new List<(string, Exception)>();
        foreach (var (tenant, kind, version, artifact) in missing)
        {
            try
            {
                var bytes = await artifacts.GetAsync(artifact, ct)
                            ?? throw new InvalidDataException($"Model {version} is deployed but its artifact {artifact} is not stored.");
                IDisposable model = kind switch
                {
                    ModelKinds.QueryAdapter => new OnnxQueryAdapter(version, bytes),
                    ModelKinds.QueryExpansion => new LearnedQueryExpander(version, bytes),
                    ModelKinds.PersonalSteering => await PersonalSteering.OpenAsync(version, tenant, bytes, keys, ErasedIn(tenant), ct),
                    _ => new OnnxReranker(version, bytes),
                };
                lock (_lock) _loaded[(tenant, version)] = model;
            }
            catch (Exception ex) when (ex is InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ArgumentException)
            {
                lock (_lock) _unloadable.Add((tenant, version));
                failures.Add((version, ex));
            }
        }
        return failures;
    }

    // Caller holds the lock.
    private void Fold(string tenant, object @event)
    {
        var before = _states.GetValueOrDefault(tenant) ?? ServingState.Initial;
        var state = ServingState.Evolve(before, @event);
        if (ReferenceEquals(state, before)) return;
        _states[tenant] = state;
        foreach (var kind in ModelKinds.All)
            if (state.Serving(kind) is { } version) _serving[(tenant, kind)] = version;
            else _serving.Remove((tenant, kind));
    }

    // Models that serve (deployed, or an experiment's treatment) whose artifact this host has not tried to load yet. Caller holds the lock.
    private IEnumerable<(string Tenant, string Kind, string Version, string Artifact)> NotLoaded()
    {
        var serving = _states.Keys.SelectMany(tenant => ModelKinds.All.Select(kind => (tenant, ServingIn(tenant, kind))))
            .Concat(_experiments.Select(p => (p.Key, (string?)p.Value.Treatment)));
        foreach (var (tenant, version) in serving.Distinct())
        {
            if (version is null || _loaded.ContainsKey((tenant, version)) || _unloadable.Contains((tenant, version))) continue;
            if (_states.GetValueOrDefault(tenant)?.Find(version) is { } model && ModelKinds.IsKnown(model.Kind) && _artifacts.TryGetValue((tenant, version), out var artifact))
                yield return (tenant, model.Kind, version, artifact);
        }
    }

    private HashSet<string> ErasedIn(string tenant)
    {
        lock (_lock) return _erased.TryGetValue(tenant, out var erased) ? [.. erased] : [];
    }

    private object? Loaded(string tenant, string kind)
    {
        lock (_lock)
            return ServingIn(tenant, kind) is { } version && _loaded.TryGetValue((tenant, version), out var model) ? model : null;
    }

    // Only kinds this host knows how to serve (the cache holds no other); a model of a future kind is not served.
    private string? ServingIn(string tenant, string kind) => _serving.GetValueOrDefault((tenant, kind));

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var model in _loaded.Values) model.Dispose();
            _loaded.Clear();
        }
    }
}
