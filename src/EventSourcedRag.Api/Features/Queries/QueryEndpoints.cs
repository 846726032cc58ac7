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
        group.MapPost("/stream", AskStreaming).Produces(StatusCodes.Status200OK, contentType: "text/event-stream").RequireRoles(Roles.Client);
        group.MapGet("/{id:guid}", Timeline).RequireRoles(Roles.Auditor, Roles.Admin);
        return app;
    }

    /// <summary>Answers a question with cited sources; the response is stored as events before it is returned.</summary>
    public static async Task<Ok<QueryResponse>> Ask(AskRequest body, HttpContext http, QueryService queries, CancellationToken ct)
    {
        return TypedResults.Ok(await queries.AskAsync(ToRequest(body, http), RequestContext.Metadata(http, body?.UserId), ct));
    }

    /// <summary>
    /// The same answer as server-sent events: "sources" as soon as retrieval is done, "answer" fragments as the
    /// generator writes them, then "done" with the stored response (its id is what feedback refers to). A failure
    /// after the stream began arrives as an "error" event carrying a problem. A client that disconnects cancels
    /// the generation, and the query is recorded as failed.
    /// </summary>
    public static async Task AskStreaming(AskRequest body, HttpContext http, QueryService queries,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<ServerSentQueryStream> logger, CancellationToken ct)
    {
        var stream = new ServerSentQueryStream(http.Response, json.Value.SerializerOptions);
        try
        {
            var response = await queries.AskAsync(ToRequest(body, http), RequestContext.Metadata(http, body?.UserId), ct, stream);
            await stream.WriteAsync("done", response, ct);
        }
        catch (Exception e) when (stream.Started && !ct.IsCancellationRequested)
        {
            var (status, title, code, detail) = Hosting.ProblemExceptionHandler.Describe(e);
            logger.LogError(e, "Streamed query failed after its first event");
            await stream.WriteAsync("error", new { type = Problems.TypeOf(code), title, status, detail, code }, CancellationToken.None);
        }
    }

    private static QueryRequest ToRequest(AskRequest? body, HttpContext http)
    {
        if (body is null) throw new InvalidRequest("missing_body", "The request body is empty.");
        return new QueryRequest(body.Query ?? "", body.TopK, body.Fusion, FilterRequest.ToFilters(body.Filters), body.SessionId,
            RequestContext.UserHash(http, body.UserId), body.Retriever);
    }

    /// <summary>Every event of one response, in order, with its metadata.</summary>
    public static async Task<Results<Ok<TimelineResponse>, NotFound>> Timeline(Guid id, HttpContext http, QueryTimeline timeline, CancellationToken ct) =>
        await timeline.GetAsync(RequestContext.Tenant(http), id, ct) is { } entries
            ? TypedResults.Ok(new TimelineResponse(id, entries))
            : TypedResults.NotFound();

    public sealed record AskRequest(string? Query, int? TopK = null, string? Fusion = null, FilterRequest? Filters = null, string? SessionId = null, string? UserId = null, string? Retriever = null);

    public sealed record FilterRequest(List<Guid>? DocumentIds = null, List<string>? Sources = null, List<string>? Tags = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
    {
        public static QueryFilters ToFilters(FilterRequest? f) =>
            f is null ? QueryFilters.None : new QueryFilters(f.DocumentIds ?? [], f.Sources ?? [], f.Tags ?? [], f.From, f.To);
    }

    public sealed record TimelineResponse(Guid ResponseId, IReadOnlyList<TimelineEntry> Events);
}
