using EventSourcedRag.Domain.Feedback;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>One signal as a client sends it: on which response, what, under which idempotency key, when by the client's clock.</summary>
public sealed record FeedbackSubmission(Guid ResponseId, FeedbackSignal Signal, string? IdempotencyKey, DateTimeOffset? ClientAt);
