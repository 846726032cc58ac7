namespace EventSourcedRag.Domain.Models;

public sealed record CancelTraining(Guid RequestId, string Reason, DateTimeOffset Now);
