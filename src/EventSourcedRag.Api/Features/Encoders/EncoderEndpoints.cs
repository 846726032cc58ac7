using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Encoders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Encoders;

/// <summary>The tenant's dense encoder and its blue/green switch: started here, driven by the worker, recorded as events.</summary>
public static class EncoderEndpoints
{
    public static IEndpointRouteBuilder MapEncoderApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/encoder");
        group.MapGet("", Status).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        group.MapPost("/switch", Start).RequireRoles(Roles.Admin);
        group.MapPost("/switch/cancel", Cancel).RequireRoles(Roles.Admin);
        return app;
    }

    /// <param name="Model">A packaged encoder: all-MiniLM-L6-v2 or arctic-embed-xs.</param>
    /// <param name="MaxLength">Tokens per text; 0 or absent takes the model's own.</param>
    /// <param name="Reason">Why, kept in the event for the auditor.</param>
    public sealed record SwitchRequest(string? Model, int? MaxLength, string? Reason);

    public sealed record CancelRequest(string? Reason);

    /// <summary>The tenant's encoder: what serves, and the switch in progress with how many live chunks still miss a vector.</summary>
    public static async Task<Ok<EncoderStatus>> Status(HttpContext http, EncoderSwitches switches, CancellationToken ct) =>
        TypedResults.Ok(await switches.StatusAsync(RequestContext.Tenant(http), ct));

    /// <summary>Starts re-embedding every live chunk under the model in the background; the old encoder serves until it completes.</summary>
    public static async Task<Accepted<EncoderStatus>> Start(SwitchRequest? request, HttpContext http, EncoderSwitches switches, CancellationToken ct)
    {
        if (request?.Model is not { Length: > 0 } model) throw new InvalidRequest("invalid_request", "model is required.");
        var metadata = RequestContext.Metadata(http);
        var status = await switches.StartAsync(metadata.Tenant, model, request.MaxLength ?? 0, request.Reason ?? "", metadata.Principal ?? metadata.Actor, ct);
        return TypedResults.Accepted("/v1/admin/encoder", status);
    }

    /// <summary>Abandons the switch in progress; the current encoder goes on serving.</summary>
    public static async Task<Ok<EncoderStatus>> Cancel(CancelRequest? request, HttpContext http, EncoderSwitches switches, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        return TypedResults.Ok(await switches.CancelAsync(metadata.Tenant, request?.Reason ?? "", metadata.Principal ?? metadata.Actor, ct));
    }
}
