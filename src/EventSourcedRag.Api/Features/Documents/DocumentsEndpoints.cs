using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Projections.Documents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Features.Documents;

public static class DocumentsEndpoints
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/documents");
        group.MapPost("/", Submit).Produces<SubmissionResponse>(StatusCodes.Status202Accepted).Produces<SubmissionResponse>().DisableAntiforgery().RequireRoles(Roles.Admin);
        group.MapGet("/{id:guid}", Get).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        group.MapDelete("/{id:guid}", Delete).RequireRoles(Roles.Admin);
        return app;
    }

    /// <summary>Accepts a multipart file upload or a JSON text document; 202 when new, 200 when the same bytes already exist.</summary>
    public static async Task<IResult> Submit(HttpContext http, DocumentIntake intake, IOptions<IngestionOptions> options, CancellationToken ct)
    {
        var limit = options.Value.MaxUploadBytes;
        if (http.Request.ContentLength > limit + ApiHosting.UploadEnvelopeBytes) throw UploadRejected.TooLarge(limit);
        var upload = http.Request.HasFormContentType
            ? await UploadRequests.FromFormAsync(http.Request, ct)
            : await UploadRequests.FromJsonAsync(http.Request, ct);
        var result = await intake.SubmitAsync(upload, RequestContext.Metadata(http), ct);
        var body = new SubmissionResponse(result.DocumentId, result.Version, result.Outcome == SubmissionOutcome.Duplicate, result.Outcome);
        return result.Outcome == SubmissionOutcome.Duplicate
            ? TypedResults.Ok(body)
            : TypedResults.Accepted($"/v1/documents/{result.DocumentId}", body);
    }

    /// <summary>A document's status: submitted, chunked, indexed, failed or deleted, with its chunk count, version and error.</summary>
    public static async Task<Results<Ok<DocumentStatusView>, NotFound>> Get(Guid id, HttpContext http, DocumentIntake intake, CancellationToken ct) =>
        await intake.GetStatusAsync(RequestContext.Tenant(http), id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    /// <summary>Removes a document from retrieval (a tombstone event; its history stays). <c>?reason=</c> is kept for the audit trail.</summary>
    public static async Task<NoContent> Delete(Guid id, HttpContext http, DocumentIntake intake, CancellationToken ct, string? reason = null)
    {
        await intake.DeleteAsync(id, reason ?? "deleted by client", RequestContext.Metadata(http), ct);
        return TypedResults.NoContent();
    }

    public sealed record SubmissionResponse(Guid DocumentId, int Version, bool Duplicate, SubmissionOutcome Outcome);
}
