using System.Threading.RateLimiting;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Privacy;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Feedback;

/// <summary>
/// The per-user cap on feedback sent through the API: a fixed one-minute window per (tenant, end user). Counted in each
/// API host, in memory, which is enough to stop one user flooding a response's counts from one client (the durable cap
/// per response is the decider's); limiters of users who went quiet are dropped by the limiter itself. Signals sent
/// without an end user are the credential's, bounded by the access rate limits instead.
/// </summary>
public sealed class FeedbackUserLimits(IOptions<FeedbackOptions> options) : IDisposable
{
    private readonly int _perMinute = options.Value.MaxSignalsPerUserPerMinute;

    private readonly PartitionedRateLimiter<(string Tenant, string User)> _limiter = PartitionedRateLimiter.Create<(string Tenant, string User), (string, string)>(
        key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.MaxSignalsPerUserPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one signal from the user's allowance, or returns the refusal to answer with when it is spent.</summary>
    public FeedbackLimitReached? Take(EventMetadata metadata)
    {
        if (!UserHasher.IsUserHash(metadata.Actor)) return null;
        using var lease = _limiter.AttemptAcquire((metadata.Tenant, metadata.Actor));
        if (lease.IsAcquired) return null;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        return new FeedbackLimitReached("user", _perMinute, wait);
    }

    public void Dispose() => _limiter.Dispose();
}
