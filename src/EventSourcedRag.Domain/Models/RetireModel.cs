namespace EventSourcedRag.Domain.Models;

/// <summary>Take a serving model out of service because another one replaced it.</summary>
public sealed record RetireModel(string ModelVersion, string ReplacedBy, DateTimeOffset Now);
