using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Privacy;

namespace EventSourcedRag.Api.Hosting;

/// <summary>Derives the tenant, actor and correlation of a request for the events it writes.</summary>
public static class RequestContext
{
    /// <summary>The app's own end user on whose behalf a client key acts; stored only as a keyed hash.</summary>
    public const string UserHeader = "X-User-Id";
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>
    /// The tenant is the credential's, never a header's. The actor is the end user when the app names one (the
    /// header, or <paramref name="bodyUserId"/> where a request body may name them), otherwise the credential itself
    /// (an admin's key); the principal header always names the credential.
    /// </summary>
    public static EventMetadata Metadata(HttpContext http, string? bodyUserId = null)
    {
        var principal = AccessClaims.PrincipalOf(http.User);
        var correlation = http.Request.Headers[CorrelationHeader].FirstOrDefault() is { Length: > 0 and <= 128 } c ? c : http.TraceIdentifier;
        return new EventMetadata(Tenant(http), UserHash(http, bodyUserId) ?? principal ?? UserHasher.Anonymous, correlation, Principal: principal);
    }

    /// <summary>
    /// The end user's keyed hash, the one rule every endpoint uses: the header's id, else the body's; null when neither
    /// names anyone (blank counts as no one).
    /// </summary>
    public static string? UserHash(HttpContext http, string? bodyUserId = null) =>
        HashOf(http, http.Request.Headers[UserHeader].FirstOrDefault() is { } header && !string.IsNullOrWhiteSpace(header) ? header : bodyUserId);

    /// <summary>Another user's keyed hash in the caller's tenant by the same rule (an auditor asking what they would have been served).</summary>
    public static string? HashOf(HttpContext http, string? userId) =>
        string.IsNullOrWhiteSpace(userId) ? null : http.RequestServices.GetRequiredService<UserHasher>().Hash(Tenant(http), userId);

    public static string Tenant(HttpContext http) => AccessClaims.TenantOf(http.User);
}
