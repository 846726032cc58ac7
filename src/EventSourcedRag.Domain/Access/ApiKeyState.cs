namespace EventSourcedRag.Domain.Access;

/// <summary>What is known of one key from its stream.</summary>
public sealed record ApiKeyState(Guid KeyId, string Name, string Tenant, IReadOnlyList<string> Roles, string SecretHash,
    DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static readonly ApiKeyState None = new(Guid.Empty, "", "", [], "", null, default, null);

    public bool Exists => KeyId != Guid.Empty;

    public bool IsActive(DateTimeOffset now) => Exists && RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
