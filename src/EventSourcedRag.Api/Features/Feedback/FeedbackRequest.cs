namespace EventSourcedRag.Api.Features.Feedback;

/// <summary>
/// The body of POST /v1/feedback: one signal, with the fields its type needs. Only <c>response_id</c> and <c>type</c>
/// are required of every signal (defaults mark the rest optional in the OpenAPI schema, so generated clients do not
/// demand them); which others a type needs is checked here, with a problem naming the field.
/// </summary>
public sealed record FeedbackRequest(
    Guid? ResponseId,
    string? Type,
    Guid? ChunkId = null,
    int? Position = null,
    double? Seconds = null,
    int? Stars = null,
    string? Comment = null,
    string? Channel = null,
    Guid? FollowUpResponseId = null,
    string? IdempotencyKey = null,
    DateTimeOffset? ClientTimestamp = null);
