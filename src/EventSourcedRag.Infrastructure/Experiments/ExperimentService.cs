using System.Text.Json;
using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Learning.Experiments;
using EventSourcedRag.Learning.Statistics;
using EventSourcedRag.Projections.Experiments;
using EventSourcedRag.Projections.Models;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Experiments;

/// <summary>
/// The command side of experiments: plan and start one (treatment = a validated model, control = the model of
/// its kind serving now), evaluate a running one for a window (the rollout evaluator's decision, recorded once
/// per window however many workers ask), approve promotion, stop it. Every decision is decided on the experiment's
/// stream by <see cref="ExperimentDecider"/>, and what it asks of the models is decided on their folded streams by
/// <see cref="ModelDecider"/> in the same transaction.
/// </summary>
public sealed class ExperimentService(
    IncrementalHeadFold heads, ReadModelStore readModels, EventSessions sessions, IServingBroadcast broadcast, IOptions<ExperimentOptions> options, TimeProvider clock)
{
    public async Task<ExperimentPlan> PlanAsync(string tenant, string treatment, string? assignmentUnit, CancellationToken ct)
    {
        var o = options.Value;
        await using (var read = sessions.OpenRead(tenant))
            ModelDecider.EnsureDeployable(treatment,
                (await DeciderStore.LoadAsync(read, ModelStreams.IdOf(treatment), ModelState.Initial, ModelDecider.Evolve, ct)).State);
        var registry = await heads.AtHeadAsync<ModelRegistryProjection>(ModelRegistryProjection.ProjectionName, ct);
        var kind = registry.Models.Find(ModelRegistryProjection.KeyOf(tenant, treatment))?.Kind ?? ModelKinds.Reranker;
        var control = ModelDeployment.ServingIn(registry, tenant, kind);
        var measured = await ServedOutsideExperimentsAsync(tenant, ct);
        var baseline = measured is { Queries: >= 100 } m ? Math.Clamp(m.Ctr, 0.01, 0.98) : o.AssumedCtr;
        var effect = Math.Min(o.MinDetectableEffect, 0.99 - baseline);
        return new ExperimentPlan(kind, control, treatment, assignmentUnit ?? o.AssignmentUnit, o.Rollout.Stages, baseline, measured is { Queries: >= 100 },
            effect, SampleSize.TwoProportions(baseline, baseline + effect));
    }

    /// <param name="experimentId">The client's id for the experiment, so a retried start starts nothing new (default: a new id).</param>
    /// <exception cref="DomainRuleViolated">The treatment is not validated, already serves, or another experiment runs for the tenant.</exception>
    public async Task<(Guid ExperimentId, ExperimentPlan Plan)> StartAsync(string tenant, string treatment, string? assignmentUnit, string reason,
        EventMetadata metadata, CancellationToken ct, Guid? experimentId = null)
    {
        var plan = await PlanAsync(tenant, treatment, assignmentUnit, ct);
        var registry = await RegistryAsync(ct);
        if (experimentId is { } retried && registry.Experiments.Find(ExperimentRegistryProjection.KeyOf(tenant, retried)) is not null) return (retried, plan);
        // Experiments started before the serving stream held the slot are known only here; the stream settles the rest.
        if (registry.Running(tenant).FirstOrDefault() is { } running)
            throw new DomainRuleViolated("experiment_running", $"Experiment {running.ExperimentId:N} is still running for this tenant; one experiment runs at a time.");
        var id = experimentId ?? Guid.CreateVersion7();
        await HandleAsync(metadata, id, new StartExperiment(id, plan.ModelKind, plan.ControlVersion, treatment, plan.AssignmentUnit, id.ToString("N"),
            plan.Stages, options.Value.Rollout.Describe(), plan.MinQueriesPerArm, reason, clock.GetUtcNow()), ct);
        return (id, plan);
    }

    /// <summary>
    /// Evaluates the experiment for <paramref name="window"/> from its arms' statistics at the current stage and
    /// records the decision; returns it (null: the experiment is not running, or the window was decided already).
    /// </summary>
    public async Task<RolloutDecision?> EvaluateAsync(string tenant, Guid experimentId, long window, EventMetadata metadata, CancellationToken ct)
    {
        ExperimentState state;
        await using (var read = sessions.OpenRead(tenant))
            state = (await DeciderStore.LoadAsync(read, experimentId, ExperimentState.Initial, ExperimentDecider.Evolve, ct)).State;
        // An id the tenant never started is a 404, not a quiet "nothing to decide" (issue 24).
        if (state is ExperimentState.NotStarted) throw new Domain.StreamNotFound("experiment", experimentId);
        if (state is not ExperimentState.Running running || window <= running.LastWindow) return null;

        var setup = running.Setup;
        var (control, treatment, position) = await ArmsAsync(tenant, experimentId, running.StageIndex, ct);
        var now = clock.GetUtcNow();
        var decision = RolloutEvaluator.Evaluate(control, treatment,
            new RolloutSituation(running.StageIndex, now - running.StageStartedAt, now - setup.At, running.PromotionApproved),
            running.SequentialPValues, RolloutPolicy.From(setup.Policy, setup.Stages));
        var statistics = new Dictionary<string, double>(decision.Statistics) { ["statistics_position"] = position };
        var recorded = await HandleAsync(metadata, experimentId, new RecordEvaluation(experimentId, window, decision.Action,
            decision.Reason, statistics, decision.SequentialPValues, now), ct);
        return recorded.Length == 0 ? null : decision;
    }

    /// <summary>
    /// An experiment as an analyst reads it: the registry entry (setup, stage, history), both arms at every stage
    /// reached so far, and what the evaluator would decide for the current stage now (a preview: nothing is recorded).
    /// </summary>
    public async Task<ExperimentStatus?> StatusAsync(string tenant, Guid experimentId, CancellationToken ct)
    {
        if ((await RegistryAsync(ct)).Experiments.Find(ExperimentRegistryProjection.KeyOf(tenant, experimentId)) is not { } entry) return null;
        var stages = new List<StageArms>();
        for (var stage = 0; stage <= Math.Min(entry.StageIndex, entry.Stages.Count - 1); stage++)
        {
            var (control, treatment, _) = await ArmsAsync(tenant, experimentId, stage, ct);
            stages.Add(new StageArms(stage, entry.Stages[stage], control, treatment));
        }
        RolloutDecision? preview = null;
        ExperimentState state;
        await using (var read = sessions.OpenRead(tenant))
            state = (await DeciderStore.LoadAsync(read, experimentId, ExperimentState.Initial, ExperimentDecider.Evolve, ct)).State;
        if (state is ExperimentState.Running running && running.StageIndex < running.Setup.Stages.Count - 1)
        {
            var now = clock.GetUtcNow();
            var current = stages[running.StageIndex];
            preview = RolloutEvaluator.Evaluate(current.Control, current.Treatment,
                new RolloutSituation(running.StageIndex, now - running.StageStartedAt, now - running.Setup.At, running.PromotionApproved),
                running.SequentialPValues, RolloutPolicy.From(running.Setup.Policy, running.Setup.Stages));
        }
        return new ExperimentStatus(entry, stages, preview);
    }

    public Task<object[]> ApprovePromotionAsync(Guid experimentId, string reason, EventMetadata metadata, CancellationToken ct) =>
        HandleAsync(metadata, experimentId, new ApprovePromotion(experimentId, reason, clock.GetUtcNow()), ct);

    /// <summary>Ends the experiment by hand; its treatment is rolled back and the control serves all traffic again.</summary>
    public Task<object[]> StopAsync(Guid experimentId, string reason, EventMetadata metadata, CancellationToken ct) =>
        HandleAsync(metadata, experimentId, new StopExperiment(experimentId, reason, clock.GetUtcNow()), ct);

    /// <summary>The experiments as of now (folded from the log, so a decision never rests on a lagging read model; only what is new since the last call is read).</summary>
    public Task<ExperimentRegistryProjection> RegistryAsync(CancellationToken ct) =>
        heads.AtHeadAsync<ExperimentRegistryProjection>(ExperimentRegistryProjection.ProjectionName, ct);

    /// <summary>Both arms' statistics at a stage, from the live experiment-statistics read model, and the position it reflects.</summary>
    public async Task<(ArmSummary Control, ArmSummary Treatment, long Position)> ArmsAsync(string tenant, Guid experimentId, int stage, CancellationToken ct)
    {
        var target = await readModels.LiveTargetNameAsync(ExperimentStatisticsProjection.ProjectionName, ct);
        if (target is null) return (ArmSummary.Empty, ArmSummary.Empty, 0);
        var info = await readModels.TargetsAsync(ct);
        var position = info.Where(t => t.Live && t.Target.Projection == ExperimentStatisticsProjection.ProjectionName).Select(t => t.Target.Position).FirstOrDefault();
        async Task<ArmSummary> Arm(string variant)
        {
            var json = await readModels.RowAsync(ExperimentStatisticsProjection.ProjectionName, target, "variant",
                ExperimentStatisticsProjection.KeyOf(tenant, experimentId.ToString("N"), stage, variant), ct);
            return json is null ? ArmSummary.Empty : Summary(JsonSerializer.Deserialize<VariantStatistics>(json, RowJson.Options)!);
        }
        return (await Arm(Assignment.Control), await Arm(Assignment.Treatment), position);
    }

    public static ArmSummary Summary(VariantStatistics s) =>
        new(s.Exposures, s.Queries, s.ClickedResponses, s.FirstClickReciprocalRankSum, s.FirstClickReciprocalRankSquares,
            s.ThumbsUp, s.ThumbsDown, s.Abandons, s.Errors, s.LatencyQuantileMs(0.95), s.LatencyQuantileMs(0.5), s.LatencyQuantileMs(0.99));

    // The tenant's traffic outside experiments, pooled over retrievers: what the power estimate starts from.
    private async Task<ArmSummary?> ServedOutsideExperimentsAsync(string tenant, CancellationToken ct)
    {
        var target = await readModels.LiveTargetNameAsync(ExperimentStatisticsProjection.ProjectionName, ct);
        if (target is null) return null;
        var rows = (await readModels.RowsAsync(ExperimentStatisticsProjection.ProjectionName, target, "variant", ct))
            .Where(r => r.Key.StartsWith($"{tenant}|{ExperimentStatisticsProjection.NoExperiment}|", StringComparison.Ordinal))
            .Select(r => JsonSerializer.Deserialize<VariantStatistics>(r.Json, RowJson.Options)!).ToList();
        return rows.Count == 0 ? null
            : new ArmSummary(rows.Sum(r => r.Exposures), rows.Sum(r => r.Queries), rows.Sum(r => r.ClickedResponses), 0, 0, 0, 0, 0, 0, null);
    }

    private async Task<object[]> HandleAsync(EventMetadata metadata, Guid experimentId, object command, CancellationToken ct)
    {
        var before = ExperimentState.Initial;
        var stored = await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), experimentId, ExperimentState.Initial, ExperimentDecider.Evolve,
            state =>
            {
                before = state;
                return ExperimentDecider.Decide(command, state);
            }, ct,
            alsoDecide: async (session, events, token) =>
            {
                await ModelDecisions.DecideInAsync(session, ExperimentDecider.ModelCommands(before, events), token);
                await TenantServingDecisions.DecideInAsync(session, metadata.Tenant, ExperimentDecider.ServingCommands(metadata.Tenant, events), token);
            });
        if (stored.Any(e => e is RolloutStageChanged or ExperimentEnded))
            await broadcast.PublishAsync(new ServingChanged(metadata.Tenant, $"experiment {experimentId:N}: {string.Join(", ", stored.Select(EventNames.Of))}"), ct);
        return stored;
    }
}
