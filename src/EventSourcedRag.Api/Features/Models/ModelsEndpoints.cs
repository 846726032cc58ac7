using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Models;

/// <summary>
/// Training and deployment for admins: request a training (the worker runs it off RabbitMQ), follow or cancel it,
/// deploy a model the gate validated, and roll back any model serving traffic.
/// </summary>
public static class ModelsEndpoints
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var training = app.MapGroup("/v1/admin/training");
        training.MapPost("", RequestTraining).RequireRoles(Roles.Admin);
        training.MapGet("/{id:guid}", TrainingStatus).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        training.MapPost("/{id:guid}/cancel", CancelTraining).RequireRoles(Roles.Admin);
        var models = app.MapGroup("/v1/admin/models");
        models.MapPost("/{version}/deploy", Deploy).RequireRoles(Roles.Admin);
        models.MapPost("/{version}/rollback", RollBack).RequireRoles(Roles.Admin);
        return app;
    }

    /// <param name="AsOf">Train on the log as of this event sequence (default: as of when the worker starts).</param>
    /// <param name="Kind">"reranker" (default), "query-adapter", "query-expansion" or "personal-steering".</param>
    public sealed record TrainingRequest(long? AsOf = null, string? Reason = null, string? Kind = null);

    public sealed record TrainingAccepted(Guid RequestId, string Status);

    /// <summary>Requests a training of a model of any kind from the event log; the worker runs it (over RabbitMQ) and the gate validates the result.</summary>
    public static async Task<Accepted<TrainingAccepted>> RequestTraining(TrainingRequest? body, HttpContext http, TrainingRequests requests, CancellationToken ct)
    {
        if (body?.AsOf is < 1) throw new InvalidRequest("invalid_as_of", "'as_of' must be an event sequence of at least 1.");
        var kind = body?.Kind ?? ModelKinds.Reranker;
        if (!ModelKinds.IsKnown(kind)) throw new InvalidRequest("unknown_model_kind", $"'kind' must be one of {string.Join(", ", ModelKinds.All)}.");
        var id = await requests.RequestAsync(Guid.CreateVersion7(), kind, body?.AsOf, "command", Reasons.Or(body?.Reason, "requested by an admin"), RequestContext.Metadata(http), ct);
        return TypedResults.Accepted($"/v1/admin/training/{id}", new TrainingAccepted(id, "requested"));
    }

    public sealed record TrainingView(Guid RequestId, string Status, IReadOnlyList<TrainingEventView> Events);

    public sealed record TrainingEventView(string Type, object Data);

    /// <summary>A training request's status and every event of it.</summary>
    public static async Task<Ok<TrainingView>> TrainingStatus(Guid id, HttpContext http, TrainingRequests requests, CancellationToken ct)
    {
        var history = await requests.HistoryAsync(RequestContext.Tenant(http), id, ct);
        if (history.Count == 0) throw new Domain.StreamNotFound("Training request", id);
        var status = history.Aggregate(Domain.Models.TrainingStatus.None, TrainingDecider.Evolve);
        return TypedResults.Ok(new TrainingView(id, status.ToString().ToLowerInvariant(), history.Select(e => new TrainingEventView(EventNames.Of(e), e)).ToList()));
    }

    public sealed record CancelRequest(string? Reason = null);

    /// <summary>Cancels a requested or running training; a cancelled training stores no model.</summary>
    public static async Task<Ok<TrainingAccepted>> CancelTraining(Guid id, CancelRequest? body, HttpContext http, TrainingRequests requests, CancellationToken ct)
    {
        await requests.CancelAsync(id, Reasons.Or(body?.Reason, "cancelled by an admin"), RequestContext.Metadata(http), ct);
        return TypedResults.Ok(new TrainingAccepted(id, "cancelled"));
    }

    public sealed record DeployRequest(string? Reason = null);

    public sealed record Deployed(string ModelVersion, string? Replaced);

    /// <summary>Serves a model that passed the validation gate (409 for any other).</summary>
    public static async Task<Ok<Deployed>> Deploy(string version, DeployRequest? body, HttpContext http, ModelDeployment deployment, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        var replaced = await deployment.DeployAsync(metadata.Tenant, version, Reasons.Or(body?.Reason, "deployed by an admin"), metadata, ct);
        return TypedResults.Ok(new Deployed(version, replaced));
    }

    public sealed record RollBackRequest(string? Reason = null);

    /// <param name="Restored">The model serving again in its place.</param>
    /// <param name="StoppedExperiment">The experiment the rollback ended, if one was running.</param>
    public sealed record RolledBack(string ModelVersion, string? Restored, Guid? StoppedExperiment);

    /// <summary>Takes a model out of service: the model it replaced (or the experiment's control) serves again on every replica. A reason is required.</summary>
    public static async Task<Ok<RolledBack>> RollBack(string version, RollBackRequest? body, HttpContext http, ModelDeployment deployment, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Reason)) throw new InvalidRequest("missing_reason", "A rollback needs a 'reason', for the audit trail.");
        var metadata = RequestContext.Metadata(http);
        var (restored, experiment) = await deployment.RollBackAsync(metadata.Tenant, version, Reasons.Or(body.Reason, ""), metadata, ct);
        return TypedResults.Ok(new RolledBack(version, restored, experiment));
    }
}
