using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Queries;

public static class QueryEndpoints
{
    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/query");
        group.MapPost("/", Ask).RequireRoles(Roles.Client);
        group.MapGet("/{id:guid}", Timeline).RequireRoles(Roles.Auditor, Roles.Admin);
        return app;
    }

    /// <summary>Answers a question with cited sources; the response is stored as events before it is returned.</summary>
    public static async Task<Ok<QueryResponse>> Ask(AskRequest body, HttpContext http, QueryService queries, CancellationToken ct)
    {
        if (body is null) throw new InvalidRequest("missing_body", "The request body is empty.");
        var request = new QueryRequest(body.Query ?? "", body.TopK, body.Fusion, FilterRequest.ToFilters(body.Filters), body.SessionId,
            http.Request.Headers[RequestContext.UserHeader].FirstOrDefault() ?? body.UserId, body.Retriever);
        return TypedResults.Ok(await queries.AskAsync(request, RequestContext.Metadata(http), ct));
    }

    /// <summary>Every event of one response, in order, with its metadata.</summary>
    public static async Task<Results<Ok<TimelineResponse>, NotFound>> Timeline(Guid id, HttpContext http, QueryTimeline timeline, CancellationToken ct) =>
        await timeline.GetAsync(RequestContext.Tenant(http), id, ct) is { } entries
            ? TypedResults.Ok(new TimelineResponse(id, entries))
            : TypedResults.NotFound();

    public sealed record AskRequest(string? Query, int? TopK, string? Fusion, FilterRequest? Filters, string? SessionId, string? UserId, string? Retriever);

    public sealed record FilterRequest(List<Guid>? DocumentIds, List<string>? Sources, List<string>? Tags, DateTimeOffset? From, DateTimeOffset? To)
    {
        public static QueryFilters ToFilters(FilterRequest? f) =>
            f is null ? QueryFilters.None : new QueryFilters(f.DocumentIds ?? [], f.Sources ?? [], f.Tags ?? [], f.From, f.To);
    }

    public sealed record TimelineResponse(Guid ResponseId, IReadOnlyList<TimelineEntry> Events);
}
