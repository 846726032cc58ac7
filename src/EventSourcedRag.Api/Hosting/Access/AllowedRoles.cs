namespace EventSourcedRag.Api.Hosting.Access;

/// <summary>The roles an endpoint accepts, as metadata, so a test can enumerate every endpoint and check each.</summary>
public sealed record AllowedRoles(IReadOnlyList<string> Roles);
