namespace EventSourcedRag.Api.Hosting.Access;

/// <summary>The roles an endpoint accepts, as metadata, so a test can enumerate every endpoint and check each.</summary>
public sealed record AllowedRoles(IReadOnlyList<string> Roles);

public static class EndpointRoles
{
    /// <summary>Only callers holding one of these roles reach the handler; the tenant comes from the same credential.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Tenant).RequireRole(roles))
            .WithMetadata(new AllowedRoles(roles));
}
