using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Learning.Experiments;
using EventSourcedRag.Learning.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Experiments;

/// <summary>
/// A/B experiments for admins (auditors may read): plan or start an experiment for a validated model, follow it,
/// evaluate it now, approve its promotion, stop it. Rolling a model back is the models feature's.
/// </summary>
public static class ExperimentsEndpoints
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/v1/admin/experiments");
        experiments.MapPost("", Start).RequireRoles(Roles.Admin);
        experiments.MapGet("", List).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        experiments.MapGet("/{id:guid}", Status).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        experiments.MapPost("/{id:guid}/evaluate", Evaluate).RequireRoles(Roles.Admin);
        experiments.MapPost("/{id:guid}/promote", ApprovePromotion).RequireRoles(Roles.Admin);
        experiments.MapPost("/{id:guid}/stop", Stop).RequireRoles(Roles.Admin);
        return app;
    }

    /// <param name="Treatment">A validated model version; the control is the model of its kind serving now.</param>
    /// <param name="AssignmentUnit">"user" (default) or "session".</param>
    /// <param name="DryRun">Only show the plan (arms, stages, power estimate); start nothing.</param>
    /// <param name="ExperimentId">The client's id for the experiment: a retried request starts nothing new.</param>
    public sealed record StartRequest(string? Treatment, string? AssignmentUnit = null, string? Reason = null, bool DryRun = false, Guid? ExperimentId = null);

    public sealed record Started(Guid? ExperimentId, ExperimentPlan Plan);

    /// <summary>Starts an A/B experiment of a validated model against the one serving, with a staged rollout; with <c>dry_run</c> only its plan and power estimate.</summary>
    public static async Task<Results<Created<Started>, Ok<Started>>> Start(StartRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Treatment)) throw new InvalidRequest("missing_treatment", "'treatment' must name a validated model version.");
        if (body.AssignmentUnit is not (null or "user" or "session")) throw new InvalidRequest("invalid_assignment_unit", "'assignment_unit' must be user or session.");
        var metadata = RequestContext.Metadata(http);
        if (body.DryRun) return TypedResults.Ok(new Started(null, await experiments.PlanAsync(metadata.Tenant, body.Treatment, body.AssignmentUnit, ct)));
        var (id, plan) = await experiments.StartAsync(metadata.Tenant, body.Treatment, body.AssignmentUnit, Reasons.Or(body.Reason, "started by an admin"), metadata, ct,
            body.ExperimentId);
        return TypedResults.Created($"/v1/admin/experiments/{id}", new Started(id, plan));
    }

    /// <summary>The tenant's experiments, running and ended.</summary>
    public static async Task<Ok<List<ExperimentListItem>>> List(HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        var tenant = RequestContext.Tenant(http);
        return TypedResults.Ok((await experiments.RegistryAsync(ct)).Experiments.Ordered().Select(p => p.Value).Where(x => x.Tenant == tenant)
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
    public static async Task<Ok<StatusView>> Status(Guid id, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        var status = await experiments.StatusAsync(RequestContext.Tenant(http), id, ct) ?? throw new Domain.StreamNotFound("Experiment", id);
        return TypedResults.Ok(new StatusView(status.Entry, status.Stages.Select(s => new StageView(s.Stage, s.TreatmentShare, ArmView.Of(s.Control), ArmView.Of(s.Treatment))).ToList(),
            status.Preview is { } p ? View(p) : null));
    }

    /// <summary>Evaluates the current window now instead of at the schedule's next tick; one decision per window is recorded.</summary>
    public static async Task<Ok<Evaluated>> Evaluate(Guid id, HttpContext http, ExperimentService experiments, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<Infrastructure.Experiments.ExperimentOptions> options, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        var decision = await experiments.EvaluateAsync(metadata.Tenant, id, RolloutSchedule.WindowOf(clock.GetUtcNow(), options.Value.EvaluationInterval), metadata, ct);
        return decision is null
            ? TypedResults.Ok(new Evaluated(false, "the experiment is not running, or this window was decided already", null))
            : TypedResults.Ok(new Evaluated(true, null, View(decision)));
    }

    /// <param name="Recorded">False when nothing was decided (the reason says why).</param>
    public sealed record Evaluated(bool Recorded, string? Reason, DecisionView? Decision);

    public sealed record PromotionApproval(Guid ExperimentId, bool PromotionApproved);

    public sealed record Stopped(Guid ExperimentId, string Outcome);

    public sealed record ReasonRequest(string? Reason = null);

    /// <summary>Approves promoting the treatment at the last stage without a significant win.</summary>
    public static async Task<Ok<PromotionApproval>> ApprovePromotion(Guid id, ReasonRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        await experiments.ApprovePromotionAsync(id, Reasons.Or(body?.Reason, "approved by an admin"), RequestContext.Metadata(http), ct);
        return TypedResults.Ok(new PromotionApproval(id, true));
    }

    /// <summary>Stops the experiment; the control serves every request again.</summary>
    public static async Task<Ok<Stopped>> Stop(Guid id, ReasonRequest? body, HttpContext http, ExperimentService experiments, CancellationToken ct)
    {
        await experiments.StopAsync(id, Reasons.Or(body?.Reason, "stopped by an admin"), RequestContext.Metadata(http), ct);
        return TypedResults.Ok(new Stopped(id, "stopped"));
    }

    private static DecisionView View(RolloutDecision d) => new(RolloutActionNames.Name(d.Action), d.Reason, d.Statistics);
}
