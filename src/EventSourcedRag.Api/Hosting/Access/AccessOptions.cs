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
