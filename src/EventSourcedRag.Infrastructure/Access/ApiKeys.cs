using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Marten;
using Marten.Events;

namespace EventSourcedRag.Infrastructure.Access;

/// <summary>
/// Issues, revokes and checks API keys. A key is an event stream in its tenant; the token carries the key id,
/// so checking it reads one short stream. Tokens are 256 random bits, so a plain SHA-256 of them is safe to keep:
/// slow password hashes guard guessable secrets, and these are not guessable.
/// </summary>
public sealed class ApiKeys(EventSessions sessions, TimeProvider clock)
{
    public const string TokenPrefix = "esk_";

    /// <summary>How long a checked key is trusted without reading its stream again; a revocation reaches other replicas within it.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (ApiKeyState State, DateTimeOffset LoadedAt)> _cache = new();

    public async Task<IssuedKey> CreateAsync(string tenant, string name, IReadOnlyList<string> roles, DateTimeOffset? expiresAt,
        EventMetadata metadata, CancellationToken ct)
    {
        var keyId = Guid.CreateVersion7();
        var token = $"{TokenPrefix}{keyId:N}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var command = new CreateApiKey(keyId, name ?? "", tenant, roles, Hash(token), expiresAt, clock.GetUtcNow());
        var events = await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata with { Tenant = tenant }), keyId, ApiKeyState.None,
            ApiKeyDecider.Evolve, s => ApiKeyDecider.Decide(command, s), ct);
        return new IssuedKey(events.Aggregate(ApiKeyState.None, ApiKeyDecider.Evolve), token);
    }

    /// <summary>Revokes a key of the caller's tenant; a key of another tenant is not found.</summary>
    public async Task RevokeAsync(Guid keyId, string reason, EventMetadata metadata, CancellationToken ct)
    {
        var command = new RevokeApiKey(keyId, reason ?? "", clock.GetUtcNow());
        await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), keyId, ApiKeyState.None,
            ApiKeyDecider.Evolve, s => ApiKeyDecider.Decide(command, s), ct);
        _cache.TryRemove(keyId, out _);
    }

    public async Task<IReadOnlyList<ApiKeyState>> ListAsync(string tenant, CancellationToken ct)
    {
        await using var session = sessions.OpenRead(tenant);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(typeof(ApiKeyCreated), typeof(ApiKeyRevoked)))
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        return events.GroupBy(e => e.StreamId)
            .Select(g => g.Aggregate(ApiKeyState.None, (s, e) => ApiKeyDecider.Evolve(s, e.Data)))
            .OrderBy(k => k.CreatedAt).ToList();
    }

    /// <summary>The active key a token belongs to, or null when it is malformed, unknown, revoked, expired or altered.</summary>
    public async Task<ApiKeyState?> AuthenticateAsync(string token, CancellationToken ct)
    {
        if (!TryParseKeyId(token, out var keyId)) return null;
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(keyId, out var cached) || now - cached.LoadedAt > CacheFor)
        {
            cached = (await LoadAnyTenantAsync(keyId, ct), now);
            if (cached.State.Exists) _cache[keyId] = cached;
        }
        var key = cached.State;
        if (!key.IsActive(now)) return null;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(key.SecretHash)) ? key : null;
    }

    /// <summary>The principal name events record for a key: its id and name, never the secret.</summary>
    public static string PrincipalOf(ApiKeyState key) => $"key:{key.KeyId:N}";

    public static bool TryParseKeyId(string token, out Guid keyId)
    {
        keyId = Guid.Empty;
        return token.StartsWith(TokenPrefix, StringComparison.Ordinal) && token.Length > TokenPrefix.Length + 33
            && token[TokenPrefix.Length + 32] == '_'
            && Guid.TryParseExact(token.AsSpan(TokenPrefix.Length, 32), "N", out keyId);
    }

    private async Task<ApiKeyState> LoadAnyTenantAsync(Guid keyId, CancellationToken ct)
    {
        // The token does not say its tenant, so the stream is read across tenants; the key's own event names it.
        await using var session = sessions.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == keyId && e.AnyTenant())
            .OrderBy(e => e.Version).ToListAsync(ct);
        return events.Aggregate(ApiKeyState.None, (s, e) => ApiKeyDecider.Evolve(s, e.Data));
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
