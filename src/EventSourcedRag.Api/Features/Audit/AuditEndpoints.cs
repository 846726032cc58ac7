using EventSourcedRag.Api.Features.Queries;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EventSourcedRag.Api.Features.Audit;

/// <summary>For auditors: verify the event log's hash chain, and see past state and past answers as of any point.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/v1/audit").RequireRoles(Roles.Auditor, Roles.Admin);
        audit.MapGet("/verify", Verify);
        audit.MapGet("/queries", SearchQueries);
        audit.MapGet("/state", State);
        audit.MapPost("/replay", Replay);
        return app;
    }

    /// <summary>200 with the report either way: a tampered log is a finding, not a failed request.</summary>
    public static async Task<Ok<VerifyReport>> Verify(HttpContext http, AuditChain chain, CancellationToken ct)
    {
        var report = await chain.VerifyAsync(ct);
        return TypedResults.Ok(new VerifyReport(report.Intact, report.EventsChecked, report.ChainHead, report.CheckpointsChecked, report.UnchainedEvents, report.Problem));
    }

    /// <param name="ChainHead">The last event sequence the chain covers.</param>
    /// <param name="Problem">The first event that does not match; null when intact.</param>
    public sealed record VerifyReport(bool Intact, long EventsChecked, long ChainHead, int CheckpointsChecked, long UnchainedEvents, AuditProblem? Problem);

    /// <summary>
    /// The tenant's questions from the query-log read model, newest first: by time (<c>from</c>, <c>to</c>), user (a raw
    /// <c>user</c> id, hashed here, or a <c>user_hash</c>), <c>model</c> (any model or variant that served it), <c>text</c>.
    /// </summary>
    public static async Task<Ok<QuerySearchResult>> SearchQueries(DateTimeOffset? from, DateTimeOffset? to, string? user, [FromQuery(Name = "user_hash")] string? userHash,
        string? model, string? text, int? limit, HttpContext http, QueryLogSearch search, CancellationToken ct)
    {
        if (limit is < 1 or > QueryLogSearch.MaxLimit) throw new InvalidRequest("invalid_limit", $"'limit' must be between 1 and {QueryLogSearch.MaxLimit}.");
        if (from > to) throw new InvalidRequest("invalid_range", "'from' must not be after 'to'.");
        var (entries, more) = await search.FindAsync(RequestContext.Tenant(http), new QueryLogFilter(from, to, user, userHash, model, text, limit ?? 50), ct);
        return TypedResults.Ok(new QuerySearchResult(entries.Select(QuerySummary.Of).ToList(), more));
    }

    public sealed record QuerySearchResult(IReadOnlyList<QuerySummary> Queries, bool More);

    /// <summary>One response as the search lists it; its whole timeline is GET /v1/query/{id}.</summary>
    public sealed record QuerySummary(Guid ResponseId, DateTimeOffset AskedAt, string Query, string UserHash, string? SessionId, string Retriever,
        string EmbeddingModel, string? Reranker, string Generator, string? Experiment, string? Variant, int Shown, IReadOnlyList<string> Degraded,
        double? LatencyMs, int Clicks, int ThumbsUp, int ThumbsDown, int? LastRating, bool Abandoned, int Events)
    {
        public static QuerySummary Of(EventSourcedRag.Projections.Queries.QueryLogEntry e) => new(e.ResponseId, e.AskedAt, e.Query, e.UserHash, e.SessionId, e.Retriever,
            e.EmbeddingModel, e.Reranker, e.Generator, e.Experiment, e.Variant, e.Shown.Count, e.Degraded, e.LatencyMs, e.Clicks, e.ThumbsUp, e.ThumbsDown,
            e.LastRating, e.Abandoned, e.Events.Count);
    }

    /// <summary>The tenant's model registry and experiments as they stood at <c>?as_of=</c> (a sequence or an ISO-8601 time).</summary>
    public static async Task<Ok<StateAsOf>> State([FromQuery(Name = "as_of")] string? asOf, HttpContext http, HistoricalState history, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(asOf)) throw new InvalidRequest("missing_as_of", "'as_of' (an event sequence or an ISO-8601 time) is required.");
        return TypedResults.Ok(await history.AtAsync(RequestContext.Tenant(http), AsOf.Parse(asOf), ct));
    }

    /// <summary>
    /// What would have been served: a stored response recomputed from the log (<c>response_id</c>, at the positions it
    /// was served from unless <c>as_of</c> is given), or a question as a client would have asked it at <c>as_of</c>.
    /// </summary>
    public static async Task<Ok<ReplayedQuery>> Replay(ReplayRequest body, HttpContext http, QueryReplay replay, CancellationToken ct)
    {
        if (body is null) throw new InvalidRequest("missing_body", "The request body is empty.");
        var tenant = RequestContext.Tenant(http);
        var asOf = string.IsNullOrWhiteSpace(body.AsOf) ? null : AsOf.Parse(body.AsOf);
        if (body.ResponseId is { } id)
        {
            if (body.Query is not null)
                throw new InvalidRequest("ambiguous_replay", "Give either 'response_id' (replay a stored response) or 'query' (a question), not both.");
            return TypedResults.Ok(await replay.ReplayResponseAsync(tenant, id, asOf, ct) ?? throw new Domain.StreamNotFound("Response", id));
        }
        if (asOf is null) throw new InvalidRequest("missing_as_of", "'as_of' (an event sequence or an ISO-8601 time) is required to replay a question.");
        var request = new QueryRequest(body.Query ?? "", body.TopK, body.Fusion, QueryEndpoints.FilterRequest.ToFilters(body.Filters), body.SessionId,
            RequestContext.HashOf(http, body.UserId), body.Retriever);
        return TypedResults.Ok(await replay.ReplayAsync(tenant, request, asOf, ct));
    }

    /// <param name="UserId">The raw user id the question would have come from: it decides the experiment arm, as serving does (hashed, never stored).</param>
    public sealed record ReplayRequest(Guid? ResponseId = null, string? Query = null, string? AsOf = null, int? TopK = null, string? Fusion = null,
        QueryEndpoints.FilterRequest? Filters = null, string? SessionId = null, string? UserId = null, string? Retriever = null);
}
