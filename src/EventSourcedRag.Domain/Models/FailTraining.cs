namespace EventSourcedRag.Domain.Models;

public sealed record FailTraining(Guid RequestId, string Error, DateTimeOffset Now);
