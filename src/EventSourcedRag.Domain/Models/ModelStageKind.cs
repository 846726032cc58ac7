namespace EventSourcedRag.Domain.Models;

/// <summary>The stages a deployed model passes through.</summary>
public enum ModelStageKind
{
    /// <summary>Serves a share of traffic below all of it, as an experiment's treatment.</summary>
    Canary,

    /// <summary>Serves all traffic of its kind not taken by an experiment.</summary>
    Serving,

    /// <summary>Replaced by another model, or withdrawn: serves nothing, and may be restored.</summary>
    Retired,

    /// <summary>Taken out of service because it did harm, by an admin or by the rollout's guardrails.</summary>
    RolledBack,
}
