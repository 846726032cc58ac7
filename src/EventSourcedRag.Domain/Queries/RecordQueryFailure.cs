namespace EventSourcedRag.Domain.Queries;

/// <summary>Record that a received question could not be answered, with the arm that would have served it.</summary>
/// <param name="Error">What failed, as the operator reads it (exception type and message).</param>
public sealed record RecordQueryFailure(Guid ResponseId, string Tenant, string UserHash, string? SessionId, ServingModel Model, string Error, DateTimeOffset Now);
