using MassTransit;

namespace EventSourcedRag.Infrastructure.Serving;

/// <summary>Published after a change of what serves (rollback, deployment, rollout stage) is committed: "catch up with the log now".</summary>
// The name on the wire is the one it had under Messaging/: messages in flight and workers of the previous version still match.
[MessageUrn("EventSourcedRag.Infrastructure.Messaging:ServingChanged")]
[EntityName("EventSourcedRag.Infrastructure.Messaging:ServingChanged")]
public sealed record ServingChanged(string Tenant, string Reason);
