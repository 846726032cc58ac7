using EventSourcedRag.Domain.Access;

namespace EventSourcedRag.Infrastructure.Retention;

/// <summary>One tenant's removal under one category, as recorded.</summary>
public sealed record RetentionRun(string Tenant, RetentionApplied Applied);
