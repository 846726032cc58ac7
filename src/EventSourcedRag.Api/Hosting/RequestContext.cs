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

    /// <summary>
    /// The caller's role as its gateway asserts it (admin, data-scientist, auditor). The API trusts the header,
    /// so it must sit behind a gateway that sets it; authenticated roles replace it with the access-control work.
    /// </summary>
    public const string RoleHeader = "X-Role";

    public static void RequireRole(HttpContext http, params string[] roles)
    {
        var role = http.Request.Headers[RoleHeader].FirstOrDefault();
        if (role is null || !roles.Contains(role, StringComparer.Ordinal))
            throw new Forbidden("role_required", $"This needs the role {string.Join(" or ", roles)} (header {RoleHeader}).");
    }

    public static EventMetadata Metadata(HttpContext http)
    {
        var storage = http.RequestServices.GetRequiredService<IOptions<StorageOptions>>().Value;
        var hasher = http.RequestServices.GetRequiredService<UserHasher>();
        var tenant = http.Request.Headers[TenantHeader].FirstOrDefault() is { Length: > 0 and <= 64 } t ? t : storage.DefaultTenant;
        var correlation = http.Request.Headers[CorrelationHeader].FirstOrDefault() is { Length: > 0 and <= 128 } c ? c : http.TraceIdentifier;
        return new EventMetadata(tenant, hasher.Hash(http.Request.Headers[UserHeader].FirstOrDefault()), correlation);
    }
}
