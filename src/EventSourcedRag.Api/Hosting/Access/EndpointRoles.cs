namespace EventSourcedRag.Api.Hosting.Access;

public static class EndpointRoles
{
    /// <summary>Only callers holding one of these roles reach the handler; the tenant comes from the same credential.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Tenant).RequireRole(roles))
            .WithMetadata(new AllowedRoles(roles));
}
