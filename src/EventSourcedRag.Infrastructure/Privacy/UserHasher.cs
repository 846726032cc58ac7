using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>Keyed hash of user ids (HMAC-SHA-256): events link a user's actions without storing who the user is.</summary>
public sealed class UserHasher(IOptions<PrivacyOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.UserHashKey);

    public const string Anonymous = "anonymous";

    public static bool IsUserHash(string actor) => actor.StartsWith("u:", StringComparison.Ordinal);

    public string Hash(string? userId) =>
        string.IsNullOrWhiteSpace(userId)
            ? Anonymous
            : "u:" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userId)))[..32];
}
