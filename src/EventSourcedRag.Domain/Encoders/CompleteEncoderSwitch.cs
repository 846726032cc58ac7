namespace EventSourcedRag.Domain.Encoders;

/// <param name="Target">The version the caller checked the vectors of.</param>
/// <param name="LiveChunks">Live chunks of the tenant when checked.</param>
/// <param name="Missing">Of those, how many have no vector under <paramref name="Target"/>.</param>
/// <param name="ChunksInFlight">Document versions chunked but not yet embedded: their vectors may still be written under the serving version only.</param>
public sealed record CompleteEncoderSwitch(string Target, long LiveChunks, long Missing, long ChunksInFlight, DateTimeOffset Now);
