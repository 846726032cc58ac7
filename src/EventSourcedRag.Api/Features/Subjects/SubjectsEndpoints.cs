using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Api.Features.Subjects;

/// <summary>Data subjects (the app's end users, named by the id the app sends as X-User-Id): erasure and its confirmation.</summary>
public static class SubjectsEndpoints
{
    public static IEndpointRouteBuilder MapSubjectsApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/v1/subjects/{id}", Erase).Produces<ErasureReport>().RequireRoles(Roles.Admin);
        app.MapGet("/v1/subjects/{id}", Status).Produces<SubjectStatus>().RequireRoles(Roles.Admin, Roles.Auditor);
        return app;
    }

    /// <summary>Erases the subject; <c>?reason=</c> (the request reference) is required and kept for the auditor.</summary>
    public static async Task<IResult> Erase(string id, string? reason, HttpContext http, SubjectErasure erasure, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        var report = await erasure.EraseUserAsync(metadata.Tenant, id, reason ?? "", metadata with { Actor = metadata.Principal ?? metadata.Actor }, ct);
        return Results.Ok(report);
    }

    public sealed record SubjectStatus(string Subject, bool Erased, DateTimeOffset? ErasedAt, bool KeyPresent);

    /// <summary>Whether a data subject was erased, and whether their key still exists.</summary>
    public static async Task<IResult> Status(string id, HttpContext http, UserHasher hasher, SubjectKeys keys, CancellationToken ct)
    {
        var tenant = RequestContext.Tenant(http);
        var subject = Subject(tenant, id, hasher);
        var (hasKey, erasedAt) = await keys.StatusAsync(tenant, subject, ct);
        return Results.Ok(new SubjectStatus(subject, erasedAt is not null, erasedAt, hasKey));
    }

    private static string Subject(string tenant, string id, UserHasher hasher) =>
        id.Length is 0 or > 256 ? throw new InvalidRequest("invalid_subject", "The subject id is 1 to 256 characters.") : hasher.Hash(tenant, id);
}
