namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

public sealed record TargetState(string Target, long Position, long? AsOfSequence, DateTimeOffset? AsOfTime, DateTimeOffset BuiltAt, bool Live, bool CurrentSettings);
