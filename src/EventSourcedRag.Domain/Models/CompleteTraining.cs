namespace EventSourcedRag.Domain.Models;

public sealed record CompleteTraining(Guid RequestId, string ModelVersion, bool Validated, double TrainingSeconds, DateTimeOffset Now);
