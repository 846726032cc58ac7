using EventSourcedRag.Infrastructure.Configuration;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Privacy;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Hosting;

/// <summary>Derives the tenant, actor and correlation of a request for the events it writes.</summary>
public static class RequestContext
{
    public const string TenantHeader = "X-Tenant";
    public const string UserHeader = "X-User-Id";
    public const string CorrelationHeader = "X-Correlation-Id";

    public static EventMetadata Metadata(HttpContext http)
    {
        var storage = http.RequestServices.GetRequiredService<IOptions<StorageOptions>>().Value;
        var hasher = http.RequestServices.GetRequiredService<UserHasher>();
        var tenant = http.Request.Headers[TenantHeader].FirstOrDefault() is { Length: > 0 and <= 64 } t ? t : storage.DefaultTenant;
        var correlation = http.Request.Headers[CorrelationHeader].FirstOrDefault() is { Length: > 0 and <= 128 } c ? c : http.TraceIdentifier;
        return new EventMetadata(tenant, hasher.Hash(http.Request.Headers[UserHeader].FirstOrDefault()), correlation);
    }
}
