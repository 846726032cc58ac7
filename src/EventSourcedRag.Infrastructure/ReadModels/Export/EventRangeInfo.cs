namespace EventSourcedRag.Infrastructure.ReadModels.Export;

public sealed record EventRangeInfo(long FirstSequence, long LastSequence, DateTimeOffset? FirstTimestamp, DateTimeOffset? LastTimestamp);
