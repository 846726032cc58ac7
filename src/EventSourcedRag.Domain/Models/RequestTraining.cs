namespace EventSourcedRag.Domain.Models;

public sealed record RequestTraining(Guid RequestId, string Kind, long? AsOfSequence, string Trigger, string Reason, DateTimeOffset Now);
