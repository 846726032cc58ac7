namespace EventSourcedRag.Domain.Access;

public sealed record RevokeApiKey(Guid KeyId, string Reason, DateTimeOffset Now);
