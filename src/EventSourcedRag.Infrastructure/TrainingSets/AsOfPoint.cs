namespace EventSourcedRag.Infrastructure.TrainingSets;

/// <param name="Sequence">The last event included.</param>
/// <param name="RequestedSequence">The as-of sequence asked for, if one was.</param>
/// <param name="RequestedTime">The as-of time asked for, if one was.</param>
public sealed record AsOfPoint(long Sequence, long? RequestedSequence, DateTimeOffset? RequestedTime);
