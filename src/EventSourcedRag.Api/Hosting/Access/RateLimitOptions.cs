namespace EventSourcedRag.Api.Hosting.Access;

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
