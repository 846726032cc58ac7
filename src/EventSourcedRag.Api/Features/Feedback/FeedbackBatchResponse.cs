namespace EventSourcedRag.Api.Features.Feedback;

/// <summary>What became of each signal of a batch, in the order sent, with the counts of each outcome.</summary>
public sealed record FeedbackBatchResponse(int Stored, int Duplicates, int Rejected, IReadOnlyList<FeedbackBatchResponse.Item> Results)
{
    /// <param name="Index">The signal's place in the request's <c>signals</c>, from 0.</param>
    /// <param name="Status">stored, duplicate (an earlier submission of its key was stored; nothing new) or rejected.</param>
    /// <param name="Event">The event stored, when stored.</param>
    /// <param name="Problem">Why it was rejected, as the single-signal endpoint would answer it: 400, 404, or 429 over a cap.</param>
    public sealed record Item(int Index, Guid? ResponseId, string? Type, string? IdempotencyKey, string Status, string? Event, ItemProblem? Problem);

    /// <summary>An RFC 7807 problem for one signal, with the product's stable code.</summary>
    public sealed record ItemProblem(string Type, string Title, int Status, string Detail, string Code);
}
