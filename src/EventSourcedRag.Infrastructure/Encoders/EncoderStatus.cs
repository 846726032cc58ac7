namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>A tenant's encoder: what serves, and the switch in progress if any.</summary>
/// <param name="Configured">The deployment's configured encoder, serving a tenant that never switched.</param>
/// <param name="LiveChunks">While switching, on a host that serves the tenant: its live chunks.</param>
/// <param name="Missing">Of those, how many have no vector under the target yet (the switch completes at 0).</param>
/// <param name="StoredUnderTarget">While switching: vectors the tenant has under the target so far.</param>
public sealed record EncoderStatus(string Configured, string Serving, string? SwitchingTo, long? LiveChunks, long? Missing, long? StoredUnderTarget);
