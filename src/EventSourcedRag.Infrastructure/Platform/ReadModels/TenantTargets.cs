namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>
/// Rebuild targets named through the API live in the caller's tenant: "audit" of tenant B is stored as "B~audit", so
/// no tenant can overwrite, read or swap in another's target. The live target, which the log feeds for every
/// tenant, is shared and unqualified; so are the targets the operator's own jobs and CLI create.
/// </summary>
public static class TenantTargets
{
    public const char Separator = '~';

    /// <summary>The stored name of a tenant's target; the name given must be valid on its own.</summary>
    public static string Qualify(string tenant, string target)
    {
        if (target.Contains(Separator)) throw new InvalidReadModelRequest($"A target name is 1 to 63 letters, digits, '-' or '_'.");
        ReadModelRebuilder.ValidateTargetName(target);
        return tenant + Separator + target;
    }

    /// <summary>The name the tenant knows a stored target by, or null when the target is not the tenant's.</summary>
    public static string? Unqualify(string tenant, string stored) =>
        stored.StartsWith(tenant + Separator, StringComparison.Ordinal) ? stored[(tenant.Length + 1)..] : null;
}
