using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Serving;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Projections.Models;

namespace EventSourcedRag.Infrastructure.Models;

/// <summary>
/// Puts a validated model in service for its tenant and retires the one it replaces in the same commit, each decided by
/// <see cref="ModelDecider"/> on the model's own stream, the tenant-wide rule by <see cref="TenantServingDecider"/> on the
/// tenant's serving stream. Which model serves now is folded from the model events
/// of the log (carried forward from the last call, <see cref="IncrementalHeadFold"/>), so any process (API or worker) can deploy.
/// </summary>
public sealed class ModelDeployment(
    IncrementalHeadFold heads, EventSessions sessions, ExperimentService experiments, IServingBroadcast broadcast, TimeProvider clock)
{
    /// <summary>
    /// Deploys <paramref name="version"/> in place of the serving model of its kind; returns the version it replaced
    /// (null: the default, or itself when it already served).
    /// </summary>
    /// <exception cref="Domain.DomainRuleViolated">The model is unknown, was rejected, or has not been judged by the gate; or an experiment on its kind is running.</exception>
    public async Task<string?> DeployAsync(string tenant, string version, string reason, EventMetadata metadata, CancellationToken ct)
    {
        var registry = await RegistryAsync(ct);
        var kind = registry.ServingOf(tenant).Find(version)?.Kind ?? ModelKinds.Reranker;
        // Changing the control under a running experiment would make its arms incomparable. This read finds experiments
        // started before the serving stream held the slot; the stream settles a deploy racing a start.
        if ((await experiments.RegistryAsync(ct)).Running(tenant).FirstOrDefault(x => x.ModelKind == kind) is { } running)
            throw new Domain.DomainRuleViolated("experiment_running",
                $"Experiment {running.ExperimentId:N} is comparing {kind}s; stop it or let it end before deploying one by hand.");
        var current = ServingIn(registry, tenant, kind, except: version);
        var now = clock.GetUtcNow();
        var deployed = await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), ModelStreams.IdOf(version), ModelState.Initial, ModelDecider.Evolve,
            state => ModelDecider.Decide(new DeployModel(version, current, reason, now), state), ct,
            alsoDecide: async (session, _, token) =>
            {
                // The tenant-wide rule and the retirement of the replaced model commit with the deployment, or nothing does.
                await TenantServingDecisions.DecideInAsync(session, tenant, [new DeployByHand(tenant, kind, version, current, now)], token);
                if (current is not null) await ModelDecisions.DecideInAsync(session, [(current, new RetireModel(current, version, now))], token);
            });
        if (deployed.Length > 0) await broadcast.PublishAsync(new ServingChanged(tenant, $"{version} deployed"), ct);
        return current;
    }

    /// <summary>
    /// Takes a model out of service by hand. The treatment of a running experiment: the experiment is stopped and
    /// its control serves all traffic again. A serving model: the one it replaced serves again (the most recently
    /// retired of its kind; the untrained default when there is none). Every replica is told over RabbitMQ.
    /// </summary>
    /// <returns>The version that serves instead ("default" for the untrained default) and the experiment stopped, if any.</returns>
    /// <exception cref="Domain.DomainRuleViolated">unknown_model, or model_not_serving when it serves no traffic.</exception>
    public async Task<(string Restored, Guid? StoppedExperiment)> RollBackAsync(string tenant, string version, string reason, EventMetadata metadata, CancellationToken ct)
    {
        if ((await experiments.RegistryAsync(ct)).Running(tenant).FirstOrDefault(x => x.TreatmentVersion == version) is { } experiment)
        {
            await experiments.StopAsync(experiment.ExperimentId, reason, metadata, ct);
            return (experiment.ControlVersion ?? "default", experiment.ExperimentId);
        }
        var registry = await RegistryAsync(ct);
        var serving = registry.ServingOf(tenant);
        var restored = (serving.Find(version) is { } model ? serving.LastRetired(model.Kind, except: version) : null) ?? "default";
        var now = clock.GetUtcNow();
        var rolledBack = await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), ModelStreams.IdOf(version), ModelState.Initial, ModelDecider.Evolve,
            state => ModelDecider.Decide(new RollBackModel(version, restored, reason, false, now), state), ct,
            alsoDecide: (session, _, token) => restored == "default" ? Task.CompletedTask
                : ModelDecisions.DecideInAsync(session, [(restored, new RestoreModel(restored, version, now))], token));
        if (rolledBack.Length > 0) await broadcast.PublishAsync(new ServingChanged(tenant, $"{version} rolled back to {restored}"), ct);
        return (restored, null);
    }

    /// <summary>The model of <paramref name="kind"/> serving the tenant according to the log, or null for the default.</summary>
    public async Task<string?> ServingAsync(string tenant, string kind, CancellationToken ct) => ServingIn(await RegistryAsync(ct), tenant, kind);


    /// <summary>The model of <paramref name="kind"/> serving the tenant in a folded registry (other than <paramref name="except"/>), or null for the default.</summary>
    public static string? ServingIn(ModelRegistryProjection registry, string tenant, string kind, string? except = null) =>
        registry.ServingOf(tenant).Serving(kind, except);

    private Task<ModelRegistryProjection> RegistryAsync(CancellationToken ct) =>
        heads.AtHeadAsync<ModelRegistryProjection>(ModelRegistryProjection.ProjectionName, ct);
}
