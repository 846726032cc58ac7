namespace EventSourcedRag.Api.Features.Feedback;

/// <summary>What became of each signal of a batch, in the order sent, with the counts of each outcome.</summary>
public sealed record FeedbackBatchResponse(int Stored, int Duplicates, int Rejected, IReadOnlyList<FeedbackBatchItem> Results);
