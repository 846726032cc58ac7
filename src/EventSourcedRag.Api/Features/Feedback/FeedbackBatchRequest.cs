namespace EventSourcedRag.Api.Features.Feedback;

/// <summary>
/// The body of POST /v1/feedback/batch: up to Feedback:MaxBatchSignals signals, each shaped as the body of POST
/// /v1/feedback and each with its own <c>idempotency_key</c>, so a batch sent again (or a signal sent in two batches)
/// is stored once.
/// </summary>
public sealed record FeedbackBatchRequest(IReadOnlyList<FeedbackRequest?>? Signals);
