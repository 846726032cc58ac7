using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Domain.Serving;

// The tenant's serving stream, one per tenant: the tenant-wide facts that the rules about what serves read ("one
// running experiment per tenant", "no hand deploy of a kind an experiment compares"). Every decision that changes them
// appends here, so two requests deciding on the same facts meet at this stream's version and one decides again.

/// <summary>An experiment began comparing models of <paramref name="ModelKind"/>; until it closes, no other experiment starts.</summary>
public sealed record ServingExperimentOpened(string Tenant, Guid ExperimentId, string ModelKind, DateTimeOffset At);

/// <summary>The experiment ended; <paramref name="Outcome"/> as on its own stream (promoted, rolled_back, halted, inconclusive, stopped).</summary>
public sealed record ServingExperimentClosed(string Tenant, Guid ExperimentId, string Outcome, DateTimeOffset At);

/// <summary>A model was put in service by hand for all of its kind's traffic, retiring <paramref name="Replaces"/> (null: the default).</summary>
public sealed record ServingModelDeployed(string Tenant, string ModelKind, string ModelVersion, string? Replaces, DateTimeOffset At);

public static class ServingStreams
{
    /// <summary>The serving stream of a tenant: derived from the tenant alone, so every process finds it.</summary>
    public static Guid IdOf(string tenant) => new(SHA256.HashData(Encoding.UTF8.GetBytes("serving:" + tenant)).AsSpan(0, 16));
}
