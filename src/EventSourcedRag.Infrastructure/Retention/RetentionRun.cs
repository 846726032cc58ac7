using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using static EventSourcedRag.Infrastructure.Platform.EventStore.Sql;

namespace EventSourcedRag.Infrastructure.Retention;

/// <summary>One tenant's removal under one category, as recorded.</summary>
public sealed record RetentionRun(string Tenant, RetentionApplied Applied);
