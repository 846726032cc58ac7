namespace EventSourcedRag.Api.Features.Feedback;

/// <summary>An RFC 7807 problem for one signal of a batch, with the product's stable code.</summary>
public sealed record FeedbackItemProblem(string Type, string Title, int Status, string Detail, string Code);
