using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Api.Hosting.Access;

/// <summary>Section "Access": optional JWT bearer tokens, rate limits and the JSON body limit.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    public JwtOptions Jwt { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Largest JSON request body accepted (uploads have their own limit, Ingestion:MaxUploadBytes).</summary>
    public long MaxJsonBodyBytes { get; set; } = 256 * 1024;

    public IEnumerable<string> Validate()
    {
        if (MaxJsonBodyBytes < 1024) yield return "Access:MaxJsonBodyBytes must be at least 1024.";
        foreach (var p in RateLimits.Validate()) yield return p;
        foreach (var p in Jwt.Validate()) yield return p;
    }
}

/// <summary>
/// Tokens from an identity provider, accepted beside API keys when Issuer is set. They must carry a <c>tenant</c>
/// claim and a <c>roles</c> claim (one or more of the product's roles). Either Authority (keys by OIDC discovery)
/// or SigningKey (HS256, base64, at least 32 bytes) says how signatures are checked.
/// </summary>
public sealed class JwtOptions
{
    public string? Issuer { get; set; }
    public string? Audience { get; set; }
    public string? Authority { get; set; }
    public string? SigningKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer);

    public IEnumerable<string> Validate()
    {
        if (!Enabled) yield break;
        if (string.IsNullOrWhiteSpace(Audience)) yield return "Access:Jwt:Audience is required when Access:Jwt:Issuer is set.";
        if (string.IsNullOrWhiteSpace(Authority) == string.IsNullOrWhiteSpace(SigningKey))
            yield return "Access:Jwt needs exactly one of Authority or SigningKey.";
        if (!string.IsNullOrWhiteSpace(SigningKey) && !(Base64Setting.TryDecode(SigningKey) is { Length: >= 32 }))
            yield return "Access:Jwt:SigningKey must be base64 of at least 32 bytes.";
    }
}

/// <summary>Token buckets: a steady rate per second and a burst on top, per credential and per client address.</summary>
public sealed class RateLimitOptions
{
    public int PerKeyPerSecond { get; set; } = 500;
    public int PerKeyBurst { get; set; } = 1000;
    public int PerIpPerSecond { get; set; } = 1000;
    public int PerIpBurst { get; set; } = 2000;

    public IEnumerable<string> Validate()
    {
        if (PerKeyPerSecond < 1 || PerKeyBurst < 1 || PerIpPerSecond < 1 || PerIpBurst < 1)
            yield return "Access:RateLimits values must be at least 1.";
    }
}
