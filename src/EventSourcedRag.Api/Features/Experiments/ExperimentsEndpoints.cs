using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Learning.Experiments;
using EventSourcedRag.Learning.Statistics;

namespace EventSourcedRag.Api.Features.Experiments;

/// <summary>
/// A/B experiments and rollbacks for admins (auditors may read): plan or start an experiment for a validated model,
/// follow it, evaluate it now, approve its promotion, stop it; roll back any model serving traffic.
/// </summary>
public static class ExperimentsEndpoints
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/admin/experiments", Start).Produces<Started>(StatusCodes.Status201Created).Produces<Started>().RequireRoles(Roles.Admin);
        app.MapGet("/v1/admin/experiments", List).Produces<IReadOnlyList<ExperimentListItem>>().RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        app.MapGet("/v1/admin/experiments/{id:guid}", Status).Produces<StatusView>().RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        app.MapPost("/v1/admin/experiments/{id:guid}/evaluate", Evaluate).Produces<Evaluated>().RequireRoles(Roles.Admin);
        app.MapPost("/v1/admin/experiments/{id:guid}/promote", ApprovePromotion).Produces<PromotionApproval>().RequireRoles(Roles.Admin);
        app.MapPost("/v1/admin/experiments/{id:guid}/stop", Stop).Produces<Stopped>().RequireRoles(Roles.Admin);
        app.MapPost("/v1/admin/models/{version}/rollback", RollBack).Produces<RolledBack>().RequireRoles(Roles.Admin);
        return app;
    }

    /// <param name="Treatment">A validated model version; the control is the model of its kind serving now.</param>
    /// <param name="AssignmentUnit">"user" (default) or "session".</param>
    /// <param name="DryRun">Only show the plan (arms, stages, power estimate); start nothing.</param>
    /// <param name="ExperimentId">The client's id for the experiment: a retried request starts nothing new.</param>
    public sealed record StartRequest(string? Treatment, string? AssignmentUnit = null, string? Reason = null, bool DryRun = false, Guid? ExperimentId = null);

    public sealed record Started(Guid? ExperimentId, ExperimentPlan Plan);

    /// <summary>Starts an A/B experiment of a validated model against the one serving, with a staged rollout; with <c>dry_run</c> only its plan and power estimate.</summary>
    public static async Task<IResult> Start(StartRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Treatment)) throw new InvalidRequest("missing_treatment", "'treatment' must name a validated model version.");
        if (body.AssignmentUnit is not (null or "user" or "session")) throw new InvalidRequest("invalid_assignment_unit", "'assignment_unit' must be user or session.");
        var metadata = RequestContext.Metadata(http);
        if (body.DryRun) return Results.Ok(new Started(null, await experiments.PlanAsync(metadata.Tenant, body.Treatment, body.AssignmentUnit, ct)));
        var (id, plan) = await experiments.StartAsync(metadata.Tenant, body.Treatment, body.AssignmentUnit, Reason(body.Reason, "started by an admin"), metadata, ct,
            body.ExperimentId);
        return Results.Created($"/v1/admin/experiments/{id}", new Started(id, plan));
    }

    /// <summary>The tenant's experiments, running and ended.</summary>
    public static async Task<IResult> List(HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        var tenant = RequestContext.Tenant(http);
        return Results.Ok((await experiments.RegistryAsync(ct)).Experiments.Ordered().Select(p => p.Value).Where(x => x.Tenant == tenant)
            .Select(x => new ExperimentListItem(x.ExperimentId, x.ModelKind, x.ControlVersion, x.TreatmentVersion, x.StageIndex, x.TreatmentShare, x.Outcome, x.StartedAt, x.EndedAt))
            .ToList());
    }

    /// <param name="Outcome">promoted, rolled_back, halted, inconclusive or stopped; null while running.</param>
    public sealed record ExperimentListItem(Guid ExperimentId, string ModelKind, string? ControlVersion, string TreatmentVersion, int StageIndex,
        double TreatmentShare, string? Outcome, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

    public sealed record StatusView(EventSourcedRag.Projections.Experiments.ExperimentEntry Experiment, IReadOnlyList<StageView> Stages, DecisionView? Preview);

    public sealed record StageView(int Stage, double TreatmentShare, ArmView Control, ArmView Treatment);

    /// <summary>An arm's counts with its rates and their 95 % intervals (Wilson for proportions, Student's t for the mean reciprocal rank).</summary>
    public sealed record ArmView(ArmSummary Counts, Estimate ClickThrough, Estimate MeanReciprocalRank, Estimate? ThumbsUpShare)
    {
        public static ArmView Of(ArmSummary a) => new(a,
            Estimate.Of(a.Ctr, Intervals.Proportion(a.ClickedResponses, a.Queries)),
            Estimate.Of(a.MeanReciprocalRank, Intervals.Mean(a.MeanReciprocalRank, a.ReciprocalRankVariance, a.Queries)),
            a.ThumbsRatio is { } ratio ? Estimate.Of(ratio, Intervals.Proportion(a.ThumbsUp, a.ThumbsUp + a.ThumbsDown)) : null);
    }

    /// <param name="Lower">Null when too few observations bound it.</param>
    public sealed record Estimate(double Value, double? Lower, double? Upper)
    {
        public static Estimate Of(double value, (double Lower, double Upper) interval) =>
            new(value, double.IsFinite(interval.Lower) ? interval.Lower : null, double.IsFinite(interval.Upper) ? interval.Upper : null);
    }

    public sealed record DecisionView(string Action, string Reason, IReadOnlyDictionary<string, double> Statistics);

    /// <summary>One experiment: per stage, each arm's counts and rates with 95 % intervals, and the decision the evaluator would take now.</summary>
    public static async Task<IResult> Status(Guid id, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        var status = await experiments.StatusAsync(RequestContext.Tenant(http), id, ct) ?? throw new Domain.StreamNotFound("Experiment", id);
        return Results.Ok(new StatusView(status.Entry, status.Stages.Select(s => new StageView(s.Stage, s.TreatmentShare, ArmView.Of(s.Control), ArmView.Of(s.Treatment))).ToList(),
            status.Preview is { } p ? View(p) : null));
    }

    /// <summary>Evaluates the current window now instead of at the schedule's next tick; one decision per window is recorded.</summary>
    public static async Task<IResult> Evaluate(Guid id, HttpContext http, ExperimentService experiments, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<Infrastructure.Experiments.ExperimentOptions> options, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        var decision = await experiments.EvaluateAsync(metadata.Tenant, id, RolloutSchedule.WindowOf(clock.GetUtcNow(), options.Value.EvaluationInterval), metadata, ct);
        return decision is null
            ? Results.Ok(new Evaluated(false, "the experiment is not running, or this window was decided already", null))
            : Results.Ok(new Evaluated(true, null, View(decision)));
    }

    /// <param name="Recorded">False when nothing was decided (the reason says why).</param>
    public sealed record Evaluated(bool Recorded, string? Reason, DecisionView? Decision);

    public sealed record PromotionApproval(Guid ExperimentId, bool PromotionApproved);

    public sealed record Stopped(Guid ExperimentId, string Outcome);

    /// <param name="Restored">The model serving again in its place.</param>
    /// <param name="StoppedExperiment">The experiment the rollback ended, if one was running.</param>
    public sealed record RolledBack(string ModelVersion, string? Restored, Guid? StoppedExperiment);

    public sealed record ReasonRequest(string? Reason = null);

    /// <summary>Approves promoting the treatment at the last stage without a significant win.</summary>
    public static async Task<IResult> ApprovePromotion(Guid id, ReasonRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        await experiments.ApprovePromotionAsync(id, Reason(body?.Reason, "approved by an admin"), RequestContext.Metadata(http), ct);
        return Results.Ok(new PromotionApproval(id, true));
    }

    /// <summary>Stops the experiment; the control serves every request again.</summary>
    public static async Task<IResult> Stop(Guid id, ReasonRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        await experiments.StopAsync(id, Reason(body?.Reason, "stopped by an admin"), RequestContext.Metadata(http), ct);
        return Results.Ok(new Stopped(id, "stopped"));
    }

    /// <summary>Takes a model out of service: the model it replaced (or the experiment's control) serves again on every replica. A reason is required.</summary>
    public static async Task<IResult> RollBack(string version, ReasonRequest? body, HttpContext http, ModelDeployment deployment, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Reason)) throw new InvalidRequest("missing_reason", "A rollback needs a 'reason', for the audit trail.");
        var metadata = RequestContext.Metadata(http);
        var (restored, experiment) = await deployment.RollBackAsync(metadata.Tenant, version, Reason(body.Reason, ""), metadata, ct);
        return Results.Ok(new RolledBack(version, restored, experiment));
    }

    private static DecisionView View(RolloutDecision d) => new(d.Action.ToString().ToLowerInvariant(), d.Reason, d.Statistics);

    private static string Reason(string? given, string fallback)
    {
        var reason = given?.Trim();
        if (reason is { Length: > 500 }) throw new InvalidRequest("reason_too_long", "'reason' must be at most 500 characters.");
        return string.IsNullOrEmpty(reason) ? fallback : reason;
    }
}
