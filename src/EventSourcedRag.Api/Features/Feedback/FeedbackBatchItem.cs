namespace EventSourcedRag.Api.Features.Feedback;

/// <summary>The outcome of one signal of a batch.</summary>
/// <param name="Index">The signal's place in the request's <c>signals</c>, from 0.</param>
/// <param name="Status">stored; duplicate (its key was stored before, by this batch or another: nothing new); rejected.</param>
/// <param name="Event">The event stored, when stored.</param>
/// <param name="Problem">Why it was rejected, as the single-signal endpoint would answer it: 400, 404, or 429 over a cap.</param>
public sealed record FeedbackBatchItem(int Index, Guid? ResponseId, string? Type, string? IdempotencyKey, FeedbackItemStatus Status, string? Event, FeedbackItemProblem? Problem);
