using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>
/// Keyed hash of user ids (HMAC-SHA-256): events link a user's actions without storing who the user is. The key is
/// derived per tenant, so one person's hashes in two tenants do not match and cannot be linked across tenants.
/// </summary>
public sealed class UserHasher(IOptions<PrivacyOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.UserHashKey);
    // Tenants come from credentials, not from callers' input, so this stays as small as the list of tenants.
    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public const string Anonymous = "anonymous";

    public static bool IsUserHash(string actor) => actor.StartsWith("u:", StringComparison.Ordinal);

    /// <summary>The user's hash in a tenant; <see cref="Anonymous"/> when no user id is given.</summary>
    public string Hash(string tenant, string? userId) =>
        string.IsNullOrWhiteSpace(userId) ? Anonymous : Format(_tenantKeys.GetOrAdd(tenant, t => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("tenant\n" + t))), userId);

    /// <summary>
    /// The hash written before it was keyed per tenant (issue 24), the same in every tenant. Only erasure uses it, so an
    /// erasure also reaches what the user left under it.
    /// </summary>
    public string LegacyHash(string userId) => Format(_key, userId);

    private static string Format(byte[] key, string userId) => "u:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId)))[..32];
}
