namespace EventSourcedRag.Domain.Serving;

/// <summary>What the tenant-wide serving rules read, folded from the tenant's serving stream.</summary>
/// <param name="RunningExperiment">The experiment holding the tenant's slot (null: none opened here).</param>
/// <param name="RunningKind">The model kind it compares.</param>
public sealed record TenantServingState(Guid? RunningExperiment, string? RunningKind)
{
    public static readonly TenantServingState Initial = new(null, null);
}
