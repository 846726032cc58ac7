using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Infrastructure.Audit;

namespace EventSourcedRag.Api.Features.Audit;

/// <summary>For auditors: verify the event log's hash chain and signed checkpoints.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit/verify", Verify).RequireRoles(Roles.Auditor, Roles.Admin);
        return app;
    }

    /// <summary>200 with the report either way: a tampered log is a finding, not a failed request.</summary>
    public static async Task<IResult> Verify(HttpContext http, AuditChain chain, CancellationToken ct)
    {
        var report = await chain.VerifyAsync(ct);
        return Results.Ok(new { intact = report.Intact, report.EventsChecked, report.ChainHead, report.CheckpointsChecked, report.UnchainedEvents, report.Problem });
    }
}
