namespace EventSourcedRag.Domain.Access;

public sealed record CreateApiKey(Guid KeyId, string Name, string Tenant, IReadOnlyList<string> Roles, string SecretHash, DateTimeOffset? ExpiresAt, DateTimeOffset Now);
