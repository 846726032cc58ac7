namespace EventSourcedRag.Infrastructure.Platform.Messaging;

/// <summary>What the broker said when last asked: reachable or not, and how many messages wait in each of our queues.</summary>
public sealed record BrokerReading(bool Reachable, IReadOnlyDictionary<string, long> QueueDepths, string? Error, DateTimeOffset At);
