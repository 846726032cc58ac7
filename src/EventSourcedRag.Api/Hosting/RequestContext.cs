using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Api.Hosting;

/// <summary>Derives the tenant, actor and correlation of a request for the events it writes.</summary>
public static class RequestContext
{
    /// <summary>The app's own end user on whose behalf a client key acts; stored only as a keyed hash.</summary>
    public const string UserHeader = "X-User-Id";
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>
    /// The tenant is the credential's, never a header's. The actor is the end user when the app names one,
    /// otherwise the credential itself (an admin's key); the principal header always names the credential.
    /// </summary>
    public static EventMetadata Metadata(HttpContext http)
    {
        var hasher = http.RequestServices.GetRequiredService<UserHasher>();
        var tenant = AccessClaims.TenantOf(http.User);
        var principal = AccessClaims.PrincipalOf(http.User);
        var correlation = http.Request.Headers[CorrelationHeader].FirstOrDefault() is { Length: > 0 and <= 128 } c ? c : http.TraceIdentifier;
        var user = http.Request.Headers[UserHeader].FirstOrDefault();
        var actor = string.IsNullOrWhiteSpace(user) ? principal ?? UserHasher.Anonymous : hasher.Hash(tenant, user);
        return new EventMetadata(tenant, actor, correlation, Principal: principal);
    }

    public static string Tenant(HttpContext http) => AccessClaims.TenantOf(http.User);
}
