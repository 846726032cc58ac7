using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>
/// Which trained model serves each tenant, folded from the model streams in log order by
/// <see cref="ServingStateFeeder"/>: the last model a <see cref="ModelDeploymentChanged"/> put in "serving"
/// until it is retired or rolled back. A deployed reranker answers queries once its artifact is loaded
/// (<see cref="InstallAsync"/>); until then the untrained default serves, and the served events say so.
/// </summary>
public sealed class ServingModels : IDisposable
{
    public static readonly Type[] EventTypes = [typeof(ModelTrained), typeof(ModelDeploymentChanged), typeof(ModelRolledBack)];

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Version), (string Kind, string Artifact)> _trained = [];
    private readonly Dictionary<string, string> _servingReranker = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Version), OnnxReranker> _loaded = [];
    private readonly HashSet<(string Tenant, string Version)> _unloadable = [];

    /// <summary>The deployed reranker of the tenant, or null when the default serves (nothing deployed, or not loaded yet).</summary>
    public IReranker? RerankerFor(string tenant)
    {
        lock (_lock)
            return _servingReranker.TryGetValue(tenant, out var version) && _loaded.TryGetValue((tenant, version), out var model) ? model : null;
    }

    /// <summary>The version deployed for the tenant according to the log, loaded or not.</summary>
    public string? DeployedReranker(string tenant)
    {
        lock (_lock) return _servingReranker.GetValueOrDefault(tenant);
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
                case ModelDeploymentChanged { Stage: ModelDecider.Serving } d when IsReranker(tenant, d.ModelVersion):
                    _servingReranker[tenant] = d.ModelVersion;
                    break;
                case ModelDeploymentChanged d when _servingReranker.GetValueOrDefault(tenant) == d.ModelVersion:
                    _servingReranker.Remove(tenant);
                    break;
                case ModelRolledBack r when _servingReranker.GetValueOrDefault(tenant) == r.ModelVersion:
                    if (IsReranker(tenant, r.RestoredVersion)) _servingReranker[tenant] = r.RestoredVersion;
                    else _servingReranker.Remove(tenant);
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
        List<(string Tenant, string Version, string Artifact)> missing;
        lock (_lock)
            missing = _servingReranker.Where(p => !_loaded.ContainsKey((p.Key, p.Value)) && !_unloadable.Contains((p.Key, p.Value)))
                .Select(p => (p.Key, p.Value, _trained[(p.Key, p.Value)].Artifact)).ToList();
        var failures = new List<(string, Exception)>();
        foreach (var (tenant, version, artifact) in missing)
        {
            try
            {
                var bytes = await artifacts.GetAsync(artifact, ct)
                            ?? throw new InvalidDataException($"Model {version} is deployed but its artifact {artifact} is not stored.");
                var model = new OnnxReranker(version, bytes);
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

    private bool IsReranker(string tenant, string version) =>
        _trained.TryGetValue((tenant, version), out var t) && t.Kind == Training.RerankerTraining.Kind;

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var model in _loaded.Values) model.Dispose();
            _loaded.Clear();
        }
    }
}
