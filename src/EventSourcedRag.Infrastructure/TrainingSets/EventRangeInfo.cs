namespace EventSourcedRag.Infrastructure.TrainingSets;

public sealed record EventRangeInfo(long FirstSequence, long LastSequence, DateTimeOffset? FirstTimestamp, DateTimeOffset? LastTimestamp);
