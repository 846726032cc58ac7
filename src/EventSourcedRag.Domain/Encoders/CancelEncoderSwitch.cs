namespace EventSourcedRag.Domain.Encoders;

public sealed record CancelEncoderSwitch(string Reason, string Actor, DateTimeOffset Now);
