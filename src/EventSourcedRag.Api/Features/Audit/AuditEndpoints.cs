using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.ReadModels;
using Microsoft.AspNetCore.Mvc;

namespace EventSourcedRag.Api.Features.Audit;

/// <summary>For auditors: verify the event log's hash chain and signed checkpoints.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit/verify", Verify).RequireRoles(Roles.Auditor, Roles.Admin);
        app.MapGet("/v1/audit/state", State).RequireRoles(Roles.Auditor, Roles.Admin);
        return app;
    }

    /// <summary>200 with the report either way: a tampered log is a finding, not a failed request.</summary>
    public static async Task<IResult> Verify(HttpContext http, AuditChain chain, CancellationToken ct)
    {
        var report = await chain.VerifyAsync(ct);
        return Results.Ok(new { intact = report.Intact, report.EventsChecked, report.ChainHead, report.CheckpointsChecked, report.UnchainedEvents, report.Problem });
    }

    /// <summary>The tenant's model registry and experiments as they stood at <c>?as_of=</c> (a sequence or an ISO-8601 time).</summary>
    public static async Task<IResult> State([FromQuery(Name = "as_of")] string? asOf, HttpContext http, HistoricalState history, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(asOf)) throw new InvalidRequest("missing_as_of", "'as_of' (an event sequence or an ISO-8601 time) is required.");
        return Results.Ok(await history.AtAsync(RequestContext.Tenant(http), AsOf.Parse(asOf), ct));
    }
}
