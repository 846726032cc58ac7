using System.Text.Encodings.Web;
using EventSourcedRag.Infrastructure.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Hosting.Access;

/// <summary>Authenticates <c>Authorization: Bearer esk_…</c> or <c>X-Api-Key: esk_…</c> against the key streams.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Request);
        if (token is null) return AuthenticateResult.NoResult();
        var key = await keys.AuthenticateAsync(token, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        var identity = AccessClaims.Identity(SchemeName, ApiKeys.PrincipalOf(key), key.Tenant, key.Roles);
        return AuthenticateResult.Success(new AuthenticationTicket(new(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>The API key of a request, or null when it carries none (it may carry a JWT instead).</summary>
    public static string? TokenOf(HttpRequest request)
    {
        if (request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 } header) return header;
        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization is not null && authorization.StartsWith("Bearer " + ApiKeys.TokenPrefix, StringComparison.Ordinal)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }
}
