using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Subjects;

/// <summary>Data subjects (the app's end users, named by the id the app sends as X-User-Id): erasure and its confirmation.</summary>
public static class SubjectsEndpoints
{
    public static IEndpointRouteBuilder MapSubjectsApi(this IEndpointRouteBuilder app)
    {
        var subjects = app.MapGroup("/v1/subjects");
        subjects.MapDelete("/{id}", Erase).RequireRoles(Roles.Admin);
        subjects.MapGet("/{id}", Status).RequireRoles(Roles.Admin, Roles.Auditor);
        return app;
    }

    /// <summary>Erases the subject; <c>?reason=</c> (the request reference) is required and kept for the auditor.</summary>
    public static async Task<Ok<ErasureReport>> Erase(string id, string? reason, HttpContext http, SubjectErasure erasure, CancellationToken ct)
    {
        var metadata = RequestContext.Metadata(http);
        var report = await erasure.EraseUserAsync(metadata.Tenant, id, reason ?? "", metadata with { Actor = metadata.Principal ?? metadata.Actor }, ct);
        return TypedResults.Ok(report);
    }

    public sealed record SubjectStatus(string Subject, bool Erased, DateTimeOffset? ErasedAt, bool KeyPresent);

    /// <summary>Whether a data subject was erased, and whether their key still exists.</summary>
    public static async Task<Ok<SubjectStatus>> Status(string id, HttpContext http, UserHasher hasher, SubjectKeys keys, CancellationToken ct)
    {
        var tenant = RequestContext.Tenant(http);
        var subject = Subject(tenant, id, hasher);
        var (hasKey, erasedAt) = await keys.StatusAsync(tenant, subject, ct);
        return TypedResults.Ok(new SubjectStatus(subject, erasedAt is not null, erasedAt, hasKey));
    }

    private static string Subject(string tenant, string id, UserHasher hasher) =>
        id.Length is 0 or > 256 ? throw new InvalidRequest("invalid_subject", "The subject id is 1 to 256 characters.") : hasher.Hash(tenant, id);
}
