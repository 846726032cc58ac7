namespace EventSourcedRag.Domain.Access;

/// <summary>Decides the life of an API key. Pure: no I/O, no clock.</summary>
public static class ApiKeyDecider
{
    public const int MaxNameLength = 100;

    public static ApiKeyState Evolve(ApiKeyState state, object @event) => @event switch
    {
        ApiKeyCreated c => new ApiKeyState(c.KeyId, c.Name, c.Tenant, c.Roles, c.SecretHash, c.ExpiresAt, c.At, null),
        ApiKeyRevoked r => state with { RevokedAt = r.At },
        _ => state,
    };

    public static object[] Decide(object command, ApiKeyState state) => (command, state) switch
    {
        (CreateApiKey c, _) when string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > MaxNameLength =>
            throw new DomainRuleViolated("invalid_key_name", $"A key needs a name of 1 to {MaxNameLength} characters saying who or what uses it."),
        (CreateApiKey c, _) when c.Roles.Count == 0 =>
            throw new DomainRuleViolated("roles_required", $"A key needs at least one role: {string.Join(", ", Roles.All)}."),
        (CreateApiKey c, _) when c.Roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown =>
            throw new DomainRuleViolated("unknown_role", $"There is no role '{unknown}'; the roles are {string.Join(", ", Roles.All)}."),
        (CreateApiKey c, _) when c.ExpiresAt <= c.Now =>
            throw new DomainRuleViolated("expiry_in_past", "A key's expiry must lie in the future."),
        (CreateApiKey c, { Exists: false }) =>
            [new ApiKeyCreated(c.KeyId, c.Name.Trim(), c.Tenant, c.Roles.Distinct().Order(StringComparer.Ordinal).ToList(), c.SecretHash, c.ExpiresAt, c.Now)],
        (CreateApiKey c, _) => throw new DomainRuleViolated("key_exists", $"Key {c.KeyId} already exists."),
        (RevokeApiKey c, { Exists: false }) => throw new StreamNotFound("API key", c.KeyId),
        (RevokeApiKey c, _) when string.IsNullOrWhiteSpace(c.Reason) =>
            throw new DomainRuleViolated("reason_required", "Say why the key is revoked; the reason is kept for the auditor."),
        (RevokeApiKey, { RevokedAt: not null }) => [], // revoked already: a retry changes nothing
        (RevokeApiKey c, _) => [new ApiKeyRevoked(c.KeyId, c.Reason.Trim(), c.Now)],
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };
}
