namespace EventSourcedRag.Api.Hosting.OpenApi;

/// <summary>
/// The operationId of every operation, keyed by "METHOD /path" as the API explorer names them, and the description
/// of every tag (one per feature). Generated clients name their methods after these ids, so they are part of the
/// contract: renaming one breaks callers. Kept in one table rather than beside each endpoint so the whole public
/// surface reads at a glance; the OpenAPI lint test fails for an operation missing here.
/// </summary>
internal static class ApiOperations
{
    public static readonly IReadOnlyDictionary<string, string> Ids = new Dictionary<string, string>
    {
        ["GET /health/live"] = "getLiveness",

        ["POST /v1/documents"] = "submitDocument",
        ["GET /v1/documents/{id}"] = "getDocument",
        ["DELETE /v1/documents/{id}"] = "deleteDocument",

        ["POST /v1/query"] = "ask",
        ["POST /v1/query/stream"] = "askStreaming",
        ["GET /v1/query/{id}"] = "getResponseTimeline",

        ["POST /v1/feedback"] = "recordFeedback",
        ["POST /v1/feedback/batch"] = "recordFeedbackBatch",

        ["POST /v1/admin/keys"] = "createKey",
        ["GET /v1/admin/keys"] = "listKeys",
        ["POST /v1/admin/keys/{id}/revoke"] = "revokeKey",

        ["GET /v1/admin/projections"] = "listProjections",
        ["POST /v1/admin/projections/{name}/rebuild"] = "rebuildProjection",
        ["POST /v1/admin/projections/{name}/swap"] = "swapProjection",
        ["GET /v1/admin/projections/{name}/rows/{kind}"] = "getProjectionRows",
        ["GET /v1/training-set"] = "exportTrainingSet",

        ["POST /v1/admin/training"] = "requestTraining",
        ["GET /v1/admin/training/{id}"] = "getTraining",
        ["POST /v1/admin/training/{id}/cancel"] = "cancelTraining",
        ["POST /v1/admin/models/{version}/deploy"] = "deployModel",
        ["POST /v1/admin/models/{version}/rollback"] = "rollBackModel",

        ["POST /v1/admin/experiments"] = "startExperiment",
        ["GET /v1/admin/experiments"] = "listExperiments",
        ["GET /v1/admin/experiments/{id}"] = "getExperiment",
        ["POST /v1/admin/experiments/{id}/evaluate"] = "evaluateExperiment",
        ["POST /v1/admin/experiments/{id}/promote"] = "approvePromotion",
        ["POST /v1/admin/experiments/{id}/stop"] = "stopExperiment",

        ["GET /v1/audit/verify"] = "verifyAuditChain",
        ["GET /v1/audit/queries"] = "searchQueries",
        ["GET /v1/audit/state"] = "getStateAsOf",
        ["POST /v1/audit/replay"] = "replayQuery",

        ["DELETE /v1/subjects/{id}"] = "eraseSubject",
        ["GET /v1/subjects/{id}"] = "getSubjectStatus",

        ["GET /v1/admin/encoder"] = "getEncoder",
        ["POST /v1/admin/encoder/switch"] = "startEncoderSwitch",
        ["POST /v1/admin/encoder/switch/cancel"] = "cancelEncoderSwitch",
    };

    /// <summary>Tag descriptions, by the feature name the tag carries (the endpoint class without "Endpoints").</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["Health"] = "Whether the process runs (liveness); readiness is /health/ready, outside this document.",
        ["Documents"] = "Submit, look up and remove documents; the worker extracts, chunks and indexes them.",
        ["Query"] = "Ask questions and get answers with cited sources, whole or streamed; read a response's timeline.",
        ["Feedback"] = "Signals on a response (clicks, dwell, thumbs, ratings, flags), each stored exactly once.",
        ["Keys"] = "API keys of the caller's tenant.",
        ["Projections"] = "Read models: lag, rebuilds as of a point, blue/green swaps and their rows.",
        ["TrainingSet"] = "The training set as of a point in the log, exported reproducibly for data scientists.",
        ["Models"] = "Training requests and deployments of rerankers and query adapters.",
        ["Experiments"] = "A/B experiments with staged rollout, sequential tests and automatic rollback.",
        ["Audit"] = "The hash-chained log: verification, the query log, past state and replays of answers.",
        ["Subjects"] = "Data subjects: erasure and its status.",
        ["Encoder"] = "The tenant's dense encoder and its blue/green switch, re-embedded by the worker in the background.",
    };

    /// <summary>The tag of an operation whose endpoint class is <paramref name="endpointClass"/>; the health probe's is Health.</summary>
    public static string TagOf(string endpointClass) =>
        endpointClass.EndsWith("Endpoints", StringComparison.Ordinal) ? endpointClass[..^"Endpoints".Length] : "Health";
}
