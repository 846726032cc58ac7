using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Which trained models serve each tenant, one per kind (<see cref="ModelKinds"/>), folded from the model streams in
/// log order by <see cref="ServingStateFeeder"/>: the last model of a kind a <see cref="ModelDeploymentChanged"/> put
/// in "serving", until it is retired or rolled back. A deployed model answers queries once its artifact is loaded
/// (<see cref="InstallAsync"/>); until then the untrained default serves in its place, and the served events say so.
/// </summary>
public sealed class ServingModels : IDisposable
{
    public static readonly Type[] EventTypes = [typeof(ModelTrained), typeof(ModelDeploymentChanged), typeof(ModelRolledBack)];

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Version), (string Kind, string Artifact)> _trained = [];
    private readonly Dictionary<(string Tenant, string Kind), string> _serving = [];
    private readonly Dictionary<(string Tenant, string Version), IDisposable> _loaded = [];
    private readonly HashSet<(string Tenant, string Version)> _unloadable = [];

    /// <summary>The deployed reranker of the tenant, or null when the default serves (nothing deployed, or not loaded yet).</summary>
    public IReranker? RerankerFor(string tenant) => Loaded(tenant, ModelKinds.Reranker) as IReranker;

    /// <summary>The deployed query adapter of the tenant, or null when queries are searched as the encoder embeds them.</summary>
    public IQueryAdapter? AdapterFor(string tenant) => Loaded(tenant, ModelKinds.QueryAdapter) as IQueryAdapter;

    /// <summary>The reranker version deployed for the tenant according to the log, loaded or not.</summary>
    public string? DeployedReranker(string tenant) => Deployed(tenant, ModelKinds.Reranker);

    /// <summary>The version of <paramref name="kind"/> deployed for the tenant according to the log, loaded or not.</summary>
    public string? Deployed(string tenant, string kind)
    {
        lock (_lock) return _serving.GetValueOrDefault((tenant, kind));
    }

    public void Apply(string tenant, object @event)
    {
        lock (_lock)
        {
            switch (@event)
            {
                case ModelTrained t:
                    _trained[(tenant, t.ModelVersion)] = (t.Kind, t.ArtifactSha256);
                    break;
                case ModelDeploymentChanged { Stage: ModelDecider.Serving } d when KindOf(tenant, d.ModelVersion) is { } kind:
                    _serving[(tenant, kind)] = d.ModelVersion;
                    break;
                case ModelDeploymentChanged d when KindOf(tenant, d.ModelVersion) is { } kind && _serving.GetValueOrDefault((tenant, kind)) == d.ModelVersion:
                    _serving.Remove((tenant, kind));
                    break;
                case ModelRolledBack r when KindOf(tenant, r.ModelVersion) is { } kind && _serving.GetValueOrDefault((tenant, kind)) == r.ModelVersion:
                    if (KindOf(tenant, r.RestoredVersion) == kind) _serving[(tenant, kind)] = r.RestoredVersion;
                    else _serving.Remove((tenant, kind));
                    break;
            }
        }
    }

    /// <summary>
    /// Loads the artifacts of deployed models this host does not hold yet, each checked against its hash. A model
    /// whose artifact is missing or unreadable is not retried; the default serves in its place, and the served
    /// events name the default. Returns the failures, for the caller to report.
    /// </summary>
    public async Task<IReadOnlyList<(string Version, Exception Error)>> InstallAsync(ModelArtifactStore artifacts, CancellationToken ct)
    {
        List<(string Tenant, string Kind, string Version, string Artifact)> missing;
        lock (_lock)
            missing = _serving.Where(p => !_loaded.ContainsKey((p.Key.Tenant, p.Value)) && !_unloadable.Contains((p.Key.Tenant, p.Value)))
                .Select(p => (p.Key.Tenant, p.Key.Kind, p.Value, _trained[(p.Key.Tenant, p.Value)].Artifact)).ToList();
        var failures = new List<(string, Exception)>();
        foreach (var (tenant, kind, version, artifact) in missing)
        {
            try
            {
                var bytes = await artifacts.GetAsync(artifact, ct)
                            ?? throw new InvalidDataException($"Model {version} is deployed but its artifact {artifact} is not stored.");
                IDisposable model = kind == ModelKinds.QueryAdapter ? new OnnxQueryAdapter(version, bytes) : new OnnxReranker(version, bytes);
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

    private object? Loaded(string tenant, string kind)
    {
        lock (_lock)
            return _serving.TryGetValue((tenant, kind), out var version) && _loaded.TryGetValue((tenant, version), out var model) ? model : null;
    }

    // Only kinds this host knows how to serve; a model never trained here (or of a future kind) is not served.
    private string? KindOf(string tenant, string version) =>
        _trained.TryGetValue((tenant, version), out var t) && ModelKinds.IsKnown(t.Kind) ? t.Kind : null;

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var model in _loaded.Values) model.Dispose();
            _loaded.Clear();
        }
    }
}
