using System.Security.Claims;

namespace EventSourcedRag.Api.Hosting.Access;

/// <summary>The claims every authenticated caller has, whatever the credential.</summary>
public static class AccessClaims
{
    public const string Tenant = "tenant";
    public const string Role = "roles";
    public const string Principal = "principal";

    public static ClaimsIdentity Identity(string scheme, string principal, string tenant, IEnumerable<string> roles) =>
        new([new Claim(Principal, principal), new Claim(Tenant, tenant), .. roles.Select(r => new Claim(Role, r))], scheme, Principal, Role);

    public static string TenantOf(ClaimsPrincipal user) =>
        user.FindFirst(Tenant)?.Value ?? throw new InvalidOperationException("An authenticated caller without a tenant: the endpoint lacks its role declaration.");

    public static string? PrincipalOf(ClaimsPrincipal user) => user.FindFirst(Principal)?.Value;
}
