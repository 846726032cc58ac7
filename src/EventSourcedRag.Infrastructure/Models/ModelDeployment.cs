using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.ReadModels;
using EventSourcedRag.Projections.Models;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>
/// Puts a validated model in service for its tenant and retires the one it replaces, each decided by
/// <see cref="ModelDecider"/> on the model's own stream. Which model serves now is folded from the model events
/// of the log, so any process (API or worker) can deploy.
/// </summary>
public sealed class ModelDeployment(ReadModelRebuilder rebuilder, EventSessions sessions, TimeProvider clock)
{
    /// <summary>
    /// Deploys <paramref name="version"/> in place of the serving model of its kind; returns the version it replaced
    /// (null: the default, or itself when it already served).
    /// </summary>
    /// <exception cref="Domain.DomainRuleViolated">The model is unknown, was rejected, or has not been judged by the gate.</exception>
    public async Task<string?> DeployAsync(string tenant, string version, string reason, EventMetadata metadata, CancellationToken ct)
    {
        var registry = await RegistryAsync(ct);
        var kind = registry.Models.Ordered().Select(p => p.Value).FirstOrDefault(m => m.Tenant == tenant && m.Version == version)?.Kind ?? ModelKinds.Reranker;
        var current = ServingIn(registry, tenant, kind, except: version);
        var now = clock.GetUtcNow();
        var deployed = await HandleAsync(metadata, version, new DeployModel(version, current, reason, now), ct);
        if (deployed.Length > 0 && current is not null)
            await HandleAsync(metadata, current, new RetireModel(current, version, now), ct);
        return current;
    }

    /// <summary>The model of <paramref name="kind"/> serving the tenant according to the log, or null for the default.</summary>
    public async Task<string?> ServingAsync(string tenant, string kind, CancellationToken ct) => ServingIn(await RegistryAsync(ct), tenant, kind);

    /// <summary>The model of <paramref name="kind"/> serving the tenant in a folded registry (other than <paramref name="except"/>), or null for the default.</summary>
    public static string? ServingIn(ModelRegistryProjection registry, string tenant, string kind, string? except = null) =>
        registry.Models.Ordered().Select(p => p.Value)
            .Where(m => m.Tenant == tenant && m.State == ModelDecider.Serving && m.Version != except && m.Kind == kind)
            .Select(m => m.Version).LastOrDefault();

    private async Task<ModelRegistryProjection> RegistryAsync(CancellationToken ct) =>
        (ModelRegistryProjection)await rebuilder.FoldAsync(ModelRegistryProjection.ProjectionName, await rebuilder.ResolveAsync(AsOf.Head, ct), ct);

    private Task<object[]> HandleAsync(EventMetadata metadata, string version, object command, CancellationToken ct) =>
        DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), ModelStreams.IdOf(version), ModelState.Initial, ModelDecider.Evolve,
            state => ModelDecider.Decide(command, state), ct);
}
