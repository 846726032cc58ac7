using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace EventSourcedRag.Api.Hosting.OpenApi;

/// <summary>
/// Example requests and responses for the operations a newcomer calls first, keyed by "METHOD /path" as the API
/// explorer names them. The values are shaped like real ones (ids, versions, scores) so they can be pasted.
/// </summary>
internal static class ApiExamples
{
    /// <param name="Upload">The operation also takes a multipart file upload (read by hand, so the explorer cannot see it).</param>
    private sealed record Example(string? Request = null, string? Response = null, string ResponseStatus = "200", string? Summary = null, bool Upload = false);

    private const string ResponseId = "0199f2c4-5b7e-7a1d-9c3e-4f2a1b6d8e01";
    private const string ChunkId = "0199f2c1-0a22-7c4b-8f10-2d3e4c5b6a70";
    private const string DocumentId = "0199f2c0-ff10-7e2a-b3c4-5d6e7f8a9b0c";

    private static readonly Dictionary<string, Example> Examples = new()
    {
        ["POST /v1/query"] = new(
            Request: """{"query": "How many vacation days do I get?", "top_k": 5, "retriever": "full", "session_id": "s-42"}""",
            Response: $$"""
                {"response_id": "{{ResponseId}}", "answer": "Employees get 27 days of paid vacation per year [1].",
                 "sources": [{"chunk_id": "{{ChunkId}}", "document_id": "{{DocumentId}}", "title": "Vacation policy",
                              "snippet": "Employees get 27 days of paid vacation per year …", "score": 0.913, "position": 1}],
                 "confidence": 0.82, "model_info": {"retriever": "full", "embedding_model": "lsa-256@412", "reranker": "lambdamart-0123abcd4567",
                 "generator": "extractive", "index_position": 412, "query_adapter": null}, "latency_ms": 14.2,
                 "stages": {"retrieve_ms": 3.1, "fuse_ms": 0.2, "rerank_ms": 2.2, "generate_ms": 1.0, "total_ms": 14.2},
                 "freshness": {"index_position": 412, "log_position": 412, "behind_events": 0, "lag_seconds": 0, "stale": false} }
                """,
            Summary: "Ask a question"),
        ["POST /v1/query/stream"] = new(
            Request: """{"query": "How many vacation days do I get?"}""",
            Summary: "Ask a question, answered as server-sent events"),
        ["POST /v1/feedback"] = new(
            Request: $$"""{"response_id": "{{ResponseId}}", "type": "click", "chunk_id": "{{ChunkId}}", "position": 1, "idempotency_key": "c-7f3a"}""",
            Response: $$"""{"response_id": "{{ResponseId}}", "type": "click", "stored": true, "event": "SourceClicked"}""",
            ResponseStatus: "201",
            Summary: "Send one feedback signal on a response"),
        ["POST /v1/feedback/batch"] = new(
            Request: $$"""
                {"signals": [{"response_id": "{{ResponseId}}", "type": "click", "chunk_id": "{{ChunkId}}", "position": 1, "idempotency_key": "c-7f3a"},
                             {"response_id": "{{ResponseId}}", "type": "dwell", "chunk_id": "{{ChunkId}}", "seconds": 42.5, "idempotency_key": "d-7f3b"},
                             {"response_id": "{{ResponseId}}", "type": "rating", "stars": 9, "idempotency_key": "r-7f3c"}]}
                """,
            Response: $$"""
                {"stored": 1, "duplicates": 1, "rejected": 1, "results": [
                  {"index": 0, "response_id": "{{ResponseId}}", "type": "click", "idempotency_key": "c-7f3a", "status": "duplicate", "event": null, "problem": null},
                  {"index": 1, "response_id": "{{ResponseId}}", "type": "dwell", "idempotency_key": "d-7f3b", "status": "stored", "event": "DwellRecorded", "problem": null},
                  {"index": 2, "response_id": "{{ResponseId}}", "type": "rating", "idempotency_key": "r-7f3c", "status": "rejected", "event": null,
                   "problem": {"type": "https://eventsourcedrag.dev/problems/invalid_rating", "title": "Invalid request", "status": 400, "detail": "'stars' is 1 to 5.", "code": "invalid_rating"} } ]}
                """,
            Summary: "Send many feedback signals at once; each is stored exactly once, the accepted ones in one transaction"),
        ["POST /v1/documents"] = new(
            Request: """{"title": "Vacation policy", "content": "Employees get 27 days of paid vacation per year.", "format": "text", "tags": ["hr"]}""",
            Response: $$"""{"document_id": "{{DocumentId}}", "version": 1, "duplicate": false, "outcome": "accepted"}""",
            ResponseStatus: "202",
            Summary: "Submit a document (JSON text or a multipart file)",
            Upload: true),
        ["POST /v1/admin/training"] = new(
            Request: """{"kind": "reranker", "reason": "weekly retrain"}""",
            Response: """{"request_id": "0199f2d0-1111-7222-8333-944455566677", "status": "requested"}""",
            ResponseStatus: "202"),
        ["POST /v1/admin/experiments"] = new(
            Request: """{"treatment": "lambdamart-0123abcd4567", "assignment_unit": "user", "reason": "candidate passed the gate"}"""),
        ["POST /v1/admin/models/{version}/rollback"] = new(
            Request: """{"reason": "thumbs-down rate doubled after the deployment"}""",
            Response: """{"model_version": "lambdamart-0123abcd4567", "restored": "lambdamart-89ab01cd23ef", "stopped_experiment": null}"""),
        ["POST /v1/admin/keys"] = new(
            Request: """{"name": "support-app", "roles": ["client"], "expires_at": "2027-06-30T00:00:00Z"}""",
            ResponseStatus: "201"),
        ["POST /v1/admin/projections/{name}/rebuild"] = new(
            Request: """{"target": "audit-2026-10", "as_of": "2026-10-31T23:59:59Z"}""", ResponseStatus: "201"),
        ["POST /v1/audit/replay"] = new(Request: $$"""{"response_id": "{{ResponseId}}"}"""),
        ["GET /v1/audit/verify"] = new(
            Response: """{"intact": true, "events_checked": 120412, "chain_head": 120412, "checkpoints_checked": 120, "unchained_events": 0, "problem": null}"""),
        ["GET /v1/audit/queries"] = new(
            Response: $$"""
                {"queries": [{"response_id": "{{ResponseId}}", "asked_at": "2026-11-23T09:14:03.512+00:00", "query": "How many vacation days do I get?",
                  "user_hash": "u:5d41402abc4b2a76b9719d911017c592", "session_id": "s-42", "retriever": "full", "embedding_model": "lsa-256@412",
                  "reranker": "lambdamart-0123abcd4567", "generator": "extractive", "experiment": null, "variant": null, "shown": 5, "degraded": [],
                  "latency_ms": 14.2, "clicks": 1, "thumbs_up": 1, "thumbs_down": 0, "last_rating": null, "abandoned": false, "events": 6}],
                 "more": false}
                """),
    };

    // The JSON form of a document submission (UploadRequests.TextDocumentRequest), read by hand like the upload, so
    // described here: without a schema a generated client could only send an untyped object.
    public const string TextDocumentSchema = "TextDocumentRequest";

    // Optional fields are nullable, as in the record the handler reads, so generated clients send null rather than
    // a default value (an empty GUID would name a document to revise).
    public static readonly OpenApiSchema TextDocument = new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "content" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["content"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The document's text, in the given format." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, MaxLength = Domain.Documents.DocumentLimits.MaxTitleLength },
            ["format"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "How to read `content`: text (the default), markdown or html." },
            ["source"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "Where it came from (a file name or URL); the title when absent." },
            ["tags"] = new OpenApiSchema { Type = JsonSchemaType.Array | JsonSchemaType.Null, MaxItems = Domain.Documents.DocumentLimits.MaxTags, Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Domain.Documents.DocumentLimits.MaxTagLength } },
            ["metadata"] = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, MaxProperties = Domain.Documents.DocumentLimits.MaxMetadataEntries,
                Description = $"At most {Domain.Documents.DocumentLimits.MaxMetadataEntries} entries; keys at most {Domain.Documents.DocumentLimits.MaxMetadataKeyLength} characters, values at most {Domain.Documents.DocumentLimits.MaxMetadataValueLength}.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Domain.Documents.DocumentLimits.MaxMetadataValueLength } },
            ["document_id"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "uuid", Description = "Revise this document instead of creating one." },
        },
    };

    private static readonly OpenApiSchema UploadForm = new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "file" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "txt, md, html, pdf or docx, at most Ingestion:MaxUploadBytes." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Domain.Documents.DocumentLimits.MaxTitleLength },
            ["tags"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = $"Comma-separated; at most {Domain.Documents.DocumentLimits.MaxTags} tags of at most {Domain.Documents.DocumentLimits.MaxTagLength} characters." },
            ["document_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "Revise this document instead of creating one." },
        },
    };

    public static void Apply(string key, OpenApiOperation operation, OpenApiDocument document)
    {
        if (!Examples.TryGetValue(key, out var example)) return;
        if (example.Summary is not null) operation.Summary ??= example.Summary;
        if (example.Request is not null)
        {
            // Minimal APIs describe bodies inline (never as references), so the concrete type is what is there.
            var body = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody { Required = true };
            operation.RequestBody = body;
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (!body.Content.TryGetValue("application/json", out var json)) body.Content["application/json"] = json = new OpenApiMediaType();
            json.Example = JsonNode.Parse(example.Request);
            if (example.Upload)
            {
                json.Schema ??= new OpenApiSchemaReference(TextDocumentSchema, document);
                body.Content["multipart/form-data"] = new OpenApiMediaType { Schema = UploadForm };
            }
        }
        if (example.Response is not null)
        {
            operation.Responses ??= new OpenApiResponses();
            if (operation.Responses.GetValueOrDefault(example.ResponseStatus) is not OpenApiResponse response)
                operation.Responses[example.ResponseStatus] = response = new OpenApiResponse { Description = "Success" };
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (!response.Content.TryGetValue("application/json", out var json)) response.Content["application/json"] = json = new OpenApiMediaType();
            json.Example = JsonNode.Parse(example.Response);
        }
    }
}
