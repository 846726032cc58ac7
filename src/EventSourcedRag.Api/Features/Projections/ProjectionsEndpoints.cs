using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourcedRag.Api.Features.Projections;

/// <summary>Read models for operators and data scientists: their state and lag, rebuilds as of a point, blue/green swaps, rows.</summary>
public static class ProjectionsEndpoints
{
    private const int MaxRows = 1000;

    public static IEndpointRouteBuilder MapProjectionsApi(this IEndpointRouteBuilder app)
    {
        var projections = app.MapGroup("/v1/admin/projections");
        projections.MapGet("", List).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        projections.MapPost("/{name}/rebuild", Rebuild).RequireRoles(Roles.Admin, Roles.DataScientist);
        projections.MapPost("/{name}/swap", Swap).RequireRoles(Roles.Admin);
        projections.MapGet("/{name}/rows/{kind}", Rows).RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        return app;
    }

    /// <summary>Every read model: its live target, position, the log head and the lag, and the caller's tenant's other targets.</summary>
    public static async Task<Ok<List<ProjectionState>>> List(HttpContext http, ProjectionStatus status, CancellationToken ct)
    {
        var tenant = RequestContext.Tenant(http);
        // The caller's targets by the names it gave them; the live one, shared, under its stored name if another tenant's.
        return TypedResults.Ok((await status.ReadAsync(ct)).Select(p => p with
        {
            LiveTarget = p.LiveTarget is { } live ? TenantTargets.Unqualify(tenant, live) ?? live : null,
            Targets = p.Targets.Where(t => t.Live || TenantTargets.Unqualify(tenant, t.Target) is not null)
                .Select(t => t with { Target = TenantTargets.Unqualify(tenant, t.Target) ?? t.Target }).ToList(),
        }).ToList());
    }

    public sealed record RebuildRequest(string? Target, string? AsOf = null);

    /// <summary>Rebuilds a read model from the log into a named target, as of an event sequence or a time (default: the head).</summary>
    public static async Task<Created<TargetInfo>> Rebuild(string name, RebuildRequest? body, HttpContext http, ReadModelRebuilder rebuilder, CancellationToken ct)
    {
        var target = body?.Target ?? throw new InvalidRequest("missing_target", "'target' is required.");
        var tenant = RequestContext.Tenant(http);
        var info = await rebuilder.RebuildAsync(name, TenantTargets.Qualify(tenant, target), AsOf.Parse(body.AsOf), ct);
        return TypedResults.Created($"/v1/admin/projections/{name}/rows?target={target}", info with { Target = target });
    }

    public sealed record SwapRequest(string? Target);

    /// <summary>
    /// Makes a rebuilt target the live one, atomically (blue/green). The live target serves every tenant, so only an
    /// admin of the operator's tenant (<c>Storage:DefaultTenant</c>) may swap; other tenants get 403 <c>operator_only</c>.
    /// </summary>
    public static async Task<Ok<TargetInfo>> Swap(string name, SwapRequest? body, HttpContext http, ReadModelRebuilder rebuilder,
        Microsoft.Extensions.Options.IOptions<Infrastructure.Platform.EventStore.StorageOptions> storage, CancellationToken ct)
    {
        var target = body?.Target ?? throw new InvalidRequest("missing_target", "'target' is required.");
        var tenant = RequestContext.Tenant(http);
        if (tenant != storage.Value.DefaultTenant)
            throw new Domain.DomainRuleViolated("operator_only", "The live read models serve every tenant; only the operator's tenant may swap them.");
        var info = await rebuilder.SwapAsync(name, TenantTargets.Qualify(tenant, target), ct);
        return TypedResults.Ok(info with { Target = target });
    }

    /// <summary>Rows of one kind (e.g. feedback-aggregates/chunk), live target unless ?target= names another; ?prefix= narrows by key.</summary>
    public static async Task<Ok<RowsView>> Rows(string name, string kind, string? target, string? prefix, int? limit, HttpContext http,
        ReadModelStore store, ReadModelCatalog catalog, CancellationToken ct)
    {
        var model = catalog.Create(name);
        model.Table(kind); // 400 for a kind the model does not have
        var tenant = RequestContext.Tenant(http);
        var live = await store.LiveTargetNameAsync(name, ct) ?? "live";
        var from = target is null ? live : TenantTargets.Qualify(tenant, target);
        if (limit is < 1 or > MaxRows) throw new InvalidRequest("invalid_limit", $"'limit' is 1 to {MaxRows}.");
        if (prefix is { Length: > 256 }) throw new InvalidRequest("invalid_prefix", "'prefix' is at most 256 characters.");
        if (target is not null && !(await store.TargetsAsync(ct)).Any(t => t.Target.Projection == name && t.Target.Target == from))
            throw new UnknownReadModelTarget(name, from);
        var rows = await store.RowsAsync(name, from, kind, tenant + "|" + (prefix ?? ""), limit ?? 100, ct);
        var selected = rows.Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement).ToList();
        return TypedResults.Ok(new RowsView(name, kind, target ?? TenantTargets.Unqualify(tenant, live) ?? live, selected));
    }

    /// <param name="Rows">The rows as the read model stores them (snake_case JSON).</param>
    public sealed record RowsView(string Projection, string Kind, string Target, IReadOnlyList<System.Text.Json.JsonElement> Rows);
}
