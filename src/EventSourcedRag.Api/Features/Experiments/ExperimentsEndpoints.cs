using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Learning.Experiments;

namespace EventSourcedRag.Api.Features.Experiments;

/// <summary>
/// A/B experiments and rollbacks for admins (auditors may read): plan or start an experiment for a validated model,
/// follow it, evaluate it now, approve its promotion, stop it; roll back any model serving traffic.
/// </summary>
public static class ExperimentsEndpoints
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/admin/experiments", Start).RequireRoles(Roles.Admin);
        app.MapGet("/v1/admin/experiments", List).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        app.MapGet("/v1/admin/experiments/{id:guid}", Status).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        app.MapPost("/v1/admin/experiments/{id:guid}/evaluate", Evaluate).RequireRoles(Roles.Admin);
        app.MapPost("/v1/admin/experiments/{id:guid}/promote", ApprovePromotion).RequireRoles(Roles.Admin);
        app.MapPost("/v1/admin/experiments/{id:guid}/stop", Stop).RequireRoles(Roles.Admin);
        app.MapPost("/v1/admin/models/{version}/rollback", RollBack).RequireRoles(Roles.Admin);
        return app;
    }

    /// <param name="Treatment">A validated model version; the control is the model of its kind serving now.</param>
    /// <param name="AssignmentUnit">"user" (default) or "session".</param>
    /// <param name="DryRun">Only show the plan (arms, stages, power estimate); start nothing.</param>
    /// <param name="ExperimentId">The client's id for the experiment: a retried request starts nothing new.</param>
    public sealed record StartRequest(string? Treatment, string? AssignmentUnit, string? Reason, bool DryRun = false, Guid? ExperimentId = null);

    public sealed record Started(Guid? ExperimentId, ExperimentPlan Plan);

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

    public static async Task<IResult> List(HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        var tenant = RequestContext.Tenant(http);
        return Results.Ok((await experiments.RegistryAsync(ct)).Experiments.Ordered().Select(p => p.Value).Where(x => x.Tenant == tenant)
            .Select(x => new { x.ExperimentId, x.ModelKind, x.ControlVersion, x.TreatmentVersion, x.StageIndex, x.TreatmentShare, x.Outcome, x.StartedAt, x.EndedAt }));
    }

    public sealed record StatusView(object Experiment, IReadOnlyList<StageView> Stages, DecisionView? Preview);

    public sealed record StageView(int Stage, double TreatmentShare, ArmSummary Control, ArmSummary Treatment);

    public sealed record DecisionView(string Action, string Reason, IReadOnlyDictionary<string, double> Statistics);

    public static async Task<IResult> Status(Guid id, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        var status = await experiments.StatusAsync(RequestContext.Tenant(http), id, ct) ?? throw new Domain.StreamNotFound("Experiment", id);
        return Results.Ok(new StatusView(status.Entry, status.Stages.Select(s => new StageView(s.Stage, s.TreatmentShare, s.Control, s.Treatment)).ToList(),
            status.Preview is { } p ? View(p) : null));
    }

    public static async Task<IResult> Evaluate(Guid id, HttpContext http, ExperimentService experiments, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<Infrastructure.Configuration.ExperimentOptions> options, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        var decision = await experiments.EvaluateAsync(metadata.Tenant, id, RolloutSchedule.WindowOf(clock.GetUtcNow(), options.Value.EvaluationInterval), metadata, ct);
        return decision is null
            ? Results.Ok(new { recorded = false, reason = "the experiment is not running, or this window was decided already" })
            : Results.Ok(new { recorded = true, decision = View(decision) });
    }

    public sealed record ReasonRequest(string? Reason);

    public static async Task<IResult> ApprovePromotion(Guid id, ReasonRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        await experiments.ApprovePromotionAsync(id, Reason(body?.Reason, "approved by an admin"), RequestContext.Metadata(http), ct);
        return Results.Ok(new { experiment_id = id, promotion_approved = true });
    }

    public static async Task<IResult> Stop(Guid id, ReasonRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        await experiments.StopAsync(id, Reason(body?.Reason, "stopped by an admin"), RequestContext.Metadata(http), ct);
        return Results.Ok(new { experiment_id = id, outcome = "stopped" });
    }

    public static async Task<IResult> RollBack(string version, ReasonRequest? body, HttpContext http, ModelDeployment deployment, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Reason)) throw new InvalidRequest("missing_reason", "A rollback needs a 'reason', for the audit trail.");
        var metadata = RequestContext.Metadata(http);
        var (restored, experiment) = await deployment.RollBackAsync(metadata.Tenant, version, Reason(body.Reason, ""), metadata, ct);
        return Results.Ok(new { model_version = version, restored, stopped_experiment = experiment });
    }

    private static DecisionView View(RolloutDecision d) => new(d.Action.ToString().ToLowerInvariant(), d.Reason, d.Statistics);

    private static string Reason(string? given, string fallback)
    {
        var reason = given?.Trim();
        if (reason is { Length: > 500 }) throw new InvalidRequest("reason_too_long", "'reason' must be at most 500 characters.");
        return string.IsNullOrEmpty(reason) ? fallback : reason;
    }
}
