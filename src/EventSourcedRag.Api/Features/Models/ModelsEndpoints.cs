using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.ReadModels;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Projections.ReadModels;

namespace EventSourcedRag.Api.Features.Models;

/// <summary>
/// Training and deployment for admins: request a training (the worker runs it off RabbitMQ), follow or cancel it,
/// and deploy a model the gate validated.
/// </summary>
public static class ModelsEndpoints
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/admin/training", RequestTraining).Produces<TrainingAccepted>(StatusCodes.Status202Accepted).RequireRoles(Roles.Admin);
        app.MapGet("/v1/admin/training/{id:guid}", TrainingStatus).Produces<TrainingView>().RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        app.MapPost("/v1/admin/training/{id:guid}/cancel", CancelTraining).Produces<TrainingAccepted>().RequireRoles(Roles.Admin);
        app.MapPost("/v1/admin/models/{version}/deploy", Deploy).Produces<Deployed>().RequireRoles(Roles.Admin);
        return app;
    }

    /// <param name="AsOf">Train on the log as of this event sequence (default: as of when the worker starts).</param>
    /// <param name="Kind">"reranker" (default) or "query-adapter".</param>
    public sealed record TrainingRequest(long? AsOf = null, string? Reason = null, string? Kind = null);

    public sealed record TrainingAccepted(Guid RequestId, string Status);

    /// <summary>Requests a training of a reranker or query adapter from the event log; the worker runs it (over RabbitMQ) and the gate validates the result.</summary>
    public static async Task<IResult> RequestTraining(TrainingRequest? body, HttpContext http, TrainingRequests requests, CancellationToken ct)
    {
        if (body?.AsOf is < 1) throw new InvalidRequest("invalid_as_of", "'as_of' must be an event sequence of at least 1.");
        var kind = body?.Kind ?? ModelKinds.Reranker;
        if (!ModelKinds.IsKnown(kind)) throw new InvalidRequest("unknown_model_kind", $"'kind' must be one of {string.Join(", ", ModelKinds.All)}.");
        var id = await requests.RequestAsync(Guid.CreateVersion7(), kind, body?.AsOf, "command", Reason(body?.Reason, "requested by an admin"), RequestContext.Metadata(http), ct);
        return Results.Accepted($"/v1/admin/training/{id}", new TrainingAccepted(id, "requested"));
    }

    public sealed record TrainingView(Guid RequestId, string Status, IReadOnlyList<TrainingEventView> Events);

    public sealed record TrainingEventView(string Type, object Data);

    /// <summary>A training request's status and every event of it.</summary>
    public static async Task<IResult> TrainingStatus(Guid id, HttpContext http, TrainingRequests requests, CancellationToken ct)
    {
        var history = await requests.HistoryAsync(RequestContext.Tenant(http), id, ct);
        if (history.Count == 0) throw new Domain.StreamNotFound("Training request", id);
        var status = history.Aggregate(Domain.Models.TrainingStatus.None, TrainingDecider.Evolve);
        return Results.Ok(new TrainingView(id, status.ToString().ToLowerInvariant(), history.Select(e => new TrainingEventView(EventNames.Of(e), e)).ToList()));
    }

    public sealed record CancelRequest(string? Reason = null);

    /// <summary>Cancels a requested or running training; a cancelled training stores no model.</summary>
    public static async Task<IResult> CancelTraining(Guid id, CancelRequest? body, HttpContext http, TrainingRequests requests, CancellationToken ct)
    {
        await requests.CancelAsync(id, Reason(body?.Reason, "cancelled by an admin"), RequestContext.Metadata(http), ct);
        return Results.Ok(new TrainingAccepted(id, "cancelled"));
    }

    public sealed record DeployRequest(string? Reason = null);

    public sealed record Deployed(string ModelVersion, string? Replaced);

    /// <summary>Serves a model that passed the validation gate (409 for any other).</summary>
    public static async Task<IResult> Deploy(string version, DeployRequest? body, HttpContext http, ModelDeployment deployment, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        var replaced = await deployment.DeployAsync(metadata.Tenant, version, Reason(body?.Reason, "deployed by an admin"), metadata, ct);
        return Results.Ok(new Deployed(version, replaced));
    }

    private static string Reason(string? given, string fallback)
    {
        var reason = given?.Trim();
        if (reason is { Length: > 500 }) throw new InvalidRequest("reason_too_long", "'reason' must be at most 500 characters.");
        return string.IsNullOrEmpty(reason) ? fallback : reason;
    }
}
