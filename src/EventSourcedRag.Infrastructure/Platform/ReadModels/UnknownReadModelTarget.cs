namespace EventSourcedRag.Infrastructure.Platform.ReadModels;

/// <summary>A rebuild target that does not exist: a 404, like any unknown id (issue 24). Named as the caller named it, without its tenant prefix.</summary>
public sealed class UnknownReadModelTarget(string projection, string target)
    : ArgumentException($"'{projection}' has no target '{target[(target.IndexOf(TenantTargets.Separator) + 1)..]}'.");
