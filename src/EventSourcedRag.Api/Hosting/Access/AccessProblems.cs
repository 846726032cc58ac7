using EventSourcedRag.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace EventSourcedRag.Api.Hosting.Access;

/// <summary>401 and 403 as problem details that say what is missing, instead of empty bodies.</summary>
public sealed class AccessProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            await http.ChallengeAsync();
            // Our handlers fail with sentences written for the caller; a token library's exception text stays in the log.
            var failure = (await http.AuthenticateAsync()).Failure switch
            {
                null => null,
                AuthenticationFailureException ours => ours.Message,
                _ => "The bearer token was not accepted: its signature, issuer, audience or lifetime is not valid.",
            };
            await Problems.WriteAsync(http, 401, "Unauthorized", "authentication_required",
                failure ?? $"Send an API key (Authorization: Bearer esk_… or {ApiKeyAuthenticationHandler.HeaderName}) or a bearer token.");
            return;
        }
        if (result.Forbidden)
        {
            var roles = http.GetEndpoint()?.Metadata.GetMetadata<AllowedRoles>()?.Roles ?? Roles.All;
            await Problems.WriteAsync(http, 403, "Forbidden", "role_required",
                $"This needs the role {string.Join(" or ", roles)}; the credential has {string.Join(", ", http.User.FindAll(AccessClaims.Role).Select(c => c.Value))}.");
            return;
        }
        await _default.HandleAsync(next, http, policy, result);
    }
}
