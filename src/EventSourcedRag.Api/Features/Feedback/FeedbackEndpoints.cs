using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Feedback;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Features.Feedback;

public static partial class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var feedback = app.MapGroup("/v1/feedback");
        feedback.MapPost("", Record).RequireRoles(Roles.Client);
        feedback.MapPost("/batch", RecordBatch).RequireRoles(Roles.Client);
        return app;
    }

    /// <summary>201 when the signal was stored, 200 when it repeated one already stored (nothing new written).</summary>
    public static async Task<Results<Created<FeedbackResponse>, Ok<FeedbackResponse>>> Record(FeedbackRequest body, HttpContext http, FeedbackService feedback,
        FeedbackUserLimits limits, CancellationToken ct)
    {
        if (body is null) throw new InvalidRequest("missing_body", "The request body is empty.");
        var responseId = body.ResponseId ?? throw new InvalidRequest("missing_response_id", "'response_id' is required.");
        var signal = FeedbackRequests.ToSignal(body);
        var metadata = RequestContext.Metadata(http);
        if (limits.Take(metadata) is { } refused) throw refused;
        var stored = await feedback.RecordAsync(responseId, signal, body.IdempotencyKey, body.ClientTimestamp, metadata, ct);
        return stored is null
            ? TypedResults.Ok(new FeedbackResponse(responseId, body.Type!, Stored: false, Event: null))
            : TypedResults.Created($"/v1/query/{responseId}", new FeedbackResponse(responseId, body.Type!, Stored: true, Event: stored.GetType().Name));
    }

    public sealed record FeedbackResponse(Guid ResponseId, string Type, bool Stored, string? Event);

    private static int MaxBatchSignals(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<FeedbackOptions>>().Value.MaxBatchSignals;
}
