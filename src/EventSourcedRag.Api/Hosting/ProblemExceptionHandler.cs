using System.Text.Json;
using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Queries;
using Microsoft.AspNetCore.Diagnostics;

namespace EventSourcedRag.Api.Hosting;

/// <summary>Turns known failures into RFC 7807 problem details; anything else stays a 500 without internals.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, Telemetry telemetry, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, code, detail) = Describe(exception);
        if (status == 500) logger.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
        if (code == "store_unavailable") logger.LogWarning("PostgreSQL unavailable on {Path}: {Error}", http.Request.Path, exception.Message);
        if (RetryAfter(exception, status) is { } wait) Problems.SetRetryAfter(http.Response, wait);
        telemetry.Error(code, status);

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = Problems.TypeOf(code), Extensions = { ["code"] = code } },
        });
    }

    /// <summary>The problem a failure is reported as: status, title, stable code and a detail without internals.</summary>
    public static (int Status, string Title, string Code, string Detail) Describe(Exception exception)
    {
        var (status, title, code) = exception switch
        {
            StreamNotFound => (404, "Not found", "not_found"),
            FeedbackLimitReached => (429, "Too many requests", "feedback_limit"),
            FeedbackQueueFull => (503, "Service unavailable", "feedback_queue_full"),
            DomainRuleViolated { Code: "document_deleted" or "response_exists" or "model_not_validated" or "training_finished" or "experiment_running"
                or "experiment_ended" or "key_exists" or "model_not_serving" or "treatment_is_control" or "promotion_needs_decision"
                or "switch_in_progress" or "already_serving" or "no_switch" } d => (409, "Conflict", d.Code),
            DomainRuleViolated { Code: "operator_only" } d => (403, "Forbidden", d.Code),
            DomainRuleViolated { Code: "unknown_model" } d => (404, "Not found", d.Code),
            DomainRuleViolated d => (400, "Invalid request", d.Code),
            UploadRejected u => (u.Status, u.Status switch { 413 => "Payload too large", 415 => "Unsupported media type", _ => "Invalid upload" }, u.Code),
            InvalidQuery => (400, "Invalid query", "invalid_query"),
            InvalidRequest r => (400, "Invalid request", r.Code),
            UnknownReadModel => (404, "Not found", "unknown_projection"),
            UnknownReadModelTarget => (404, "Not found", "unknown_target"),
            ArgumentException => (400, "Invalid request", "invalid_argument"),
            UnstorableText or BadHttpRequestException { InnerException: UnstorableText } => (400, "Invalid request", "unstorable_character"),
            JsonException or BadHttpRequestException { InnerException: JsonException } => (400, "Malformed JSON", "malformed_json"),
            BadHttpRequestException b => (b.StatusCode, b.StatusCode == 413 ? "Payload too large" : "Bad request", b.StatusCode == 413 ? "upload_too_large" : "bad_request"),
            // Multipart parsing: a body over the form limit, or one that is not valid multipart.
            InvalidDataException d when d.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => (413, "Payload too large", "upload_too_large"),
            InvalidDataException or IOException => (400, "Malformed body", "malformed_body"),
            StreamConflict => (409, "Concurrent update", "conflict"),
            Infrastructure.Audit.ReplayUnavailable => (410, "Gone", "replay_unavailable"),
            _ when StoreFailures.Unreachable(exception) => (503, "Service unavailable", "store_unavailable"),
            _ => (500, "Internal error", "internal_error"),
        };
        return (status, title, code, status switch
        {
            500 => "The server failed to handle the request.",
            503 when code == "store_unavailable" => "The event store cannot be reached; nothing was stored. Retry later.",
            _ => Detail(exception),
        });
    }

    /// <summary>When a refused request may be sent again: a cap's own window, a full queue's pause, or a while for the store.</summary>
    private static TimeSpan? RetryAfter(Exception exception, int status) => exception switch
    {
        FeedbackLimitReached l => l.RetryAfter,
        FeedbackQueueFull f => f.RetryAfter,
        _ when status == 503 => TimeSpan.FromSeconds(5),
        _ => null,
    };

    /// <summary>
    /// Only messages the product wrote for callers are shown. A library's exception text (a JSON reader naming .NET
    /// types, a multipart parser, a framework's ArgumentException) can reveal internals, so those get a fixed sentence.
    /// </summary>
    private static string Detail(Exception exception) => exception switch
    {
        UnstorableText u => Unstorable(u),
        BadHttpRequestException { InnerException: UnstorableText u } => Unstorable(u),
        DomainRuleViolated or UploadRejected or InvalidQuery or InvalidRequest or UnknownReadModel or UnknownReadModelTarget or InvalidReadModelRequest
            or StreamConflict or FeedbackQueueFull or Infrastructure.Audit.ReplayUnavailable => exception.Message,
        JsonException json => MalformedJson(json),
        BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
        BadHttpRequestException { StatusCode: 413 } => "The body is larger than this endpoint accepts.",
        InvalidDataException d when d.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => "The body is larger than this endpoint accepts.",
        BadHttpRequestException => "The request could not be read: check its parameters, content type and body.",
        ArgumentException => "A value in the request is not valid for this endpoint.",
        InvalidDataException or IOException => "The body could not be read as the content type it declares.",
        _ => "The request could not be handled.",
    };

    // The path names the caller's own field; the reader's message is left out, as it names .NET types.
    private static string MalformedJson(JsonException json) => json.Path is { Length: > 1 } path
        ? $"The body is not valid JSON, or the value at {path} has the wrong type."
        : "The body is not valid JSON, or a value has the wrong type.";

    private static string Unstorable(UnstorableText u) => $"'{u.FieldName}' holds a NUL character (U+0000), which cannot be stored; remove it.";
}
