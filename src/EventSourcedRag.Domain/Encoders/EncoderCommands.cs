namespace EventSourcedRag.Domain.Encoders;

/// <param name="Configured">The encoder version this deployment serves to a tenant that never switched.</param>
/// <param name="Target">The exact version to switch to.</param>
/// <param name="TargetNeedsNoModel">The target is the corpus-fitted LSA encoder, which is configuration, not a switch target.</param>
public sealed record StartEncoderSwitch(string Configured, string Target, bool TargetNeedsNoModel, string Reason, string Actor, DateTimeOffset Now);

/// <param name="Target">The version the caller checked the vectors of.</param>
/// <param name="LiveChunks">Live chunks of the tenant when checked.</param>
/// <param name="Missing">Of those, how many have no vector under <paramref name="Target"/>.</param>
/// <param name="ChunksInFlight">Document versions chunked but not yet embedded: their vectors may still be written under the serving version only.</param>
public sealed record CompleteEncoderSwitch(string Target, long LiveChunks, long Missing, long ChunksInFlight, DateTimeOffset Now);

public sealed record CancelEncoderSwitch(string Reason, string Actor, DateTimeOffset Now);
