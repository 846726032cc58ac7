namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>A stored target of a read model: the position it has reached and what it was built as of (null: it follows the log).</summary>
public sealed record TargetInfo(string Projection, string Target, long Position, string Fingerprint, long? AsOfSequence, DateTimeOffset? AsOfTime, DateTimeOffset BuiltAt);
