namespace EventSourcedRag.Domain.Models;

public sealed record StartTraining(Guid RequestId, string Worker, DateTimeOffset Now);
