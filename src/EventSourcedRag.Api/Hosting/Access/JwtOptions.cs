using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Api.Hosting.Access;

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
