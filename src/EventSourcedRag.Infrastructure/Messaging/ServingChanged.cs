namespace EventSourcedRag.Infrastructure.Messaging;

/// <summary>Published after a change of what serves (rollback, deployment, rollout stage) is committed: "catch up with the log now".</summary>
public sealed record ServingChanged(string Tenant, string Reason);
