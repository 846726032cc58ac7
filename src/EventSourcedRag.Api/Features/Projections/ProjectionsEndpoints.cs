using System.IO.Compression;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.ReadModels;
using EventSourcedRag.Infrastructure.ReadModels.Export;
using Microsoft.AspNetCore.Mvc;

namespace EventSourcedRag.Api.Features.Projections;

/// <summary>Read models for operators and data scientists: their state and lag, rebuilds as of a point, blue/green swaps, rows, exports.</summary>
public static class ProjectionsEndpoints
{
    private const int MaxRows = 1000;

    public static IEndpointRouteBuilder MapProjectionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/projections", List).Produces<IReadOnlyList<ProjectionState>>().RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        app.MapPost("/v1/admin/projections/{name}/rebuild", Rebuild).Produces<TargetInfo>(StatusCodes.Status201Created).RequireRoles(Roles.Admin, Roles.DataScientist);
        app.MapPost("/v1/admin/projections/{name}/swap", Swap).Produces<TargetInfo>().RequireRoles(Roles.Admin);
        app.MapGet("/v1/admin/projections/{name}/rows/{kind}", Rows).Produces<RowsView>().RequireRoles(Roles.Admin, Roles.Auditor, Roles.DataScientist);
        app.MapGet("/v1/training-set", ExportTrainingSet).Produces(StatusCodes.Status200OK, contentType: "application/zip").RequireRoles(Roles.DataScientist, Roles.Admin);
        return app;
    }

    /// <summary>Every read model: its live target, position, the log head and the lag, and the caller's tenant's other targets.</summary>
    public static async Task<IResult> List(HttpContext http, ProjectionStatus status, CancellationToken ct)
    {
        var tenant = RequestContext.Tenant(http);
        // The caller's targets by the names it gave them; the live one, shared, under its stored name if another tenant's.
        return Results.Ok((await status.ReadAsync(ct)).Select(p => p with
        {
            LiveTarget = p.LiveTarget is { } live ? TenantTargets.Unqualify(tenant, live) ?? live : null,
            Targets = p.Targets.Where(t => t.Live || TenantTargets.Unqualify(tenant, t.Target) is not null)
                .Select(t => t with { Target = TenantTargets.Unqualify(tenant, t.Target) ?? t.Target }).ToList(),
        }).ToList());
    }

    public sealed record RebuildRequest(string? Target, string? AsOf = null);

    /// <summary>Rebuilds a read model from the log into a named target, as of an event sequence or a time (default: the head).</summary>
    public static async Task<IResult> Rebuild(string name, RebuildRequest? body, HttpContext http, ReadModelRebuilder rebuilder, CancellationToken ct)
    {
        var target = body?.Target ?? throw new InvalidRequest("missing_target", "'target' is required.");
        var tenant = RequestContext.Tenant(http);
        var info = await rebuilder.RebuildAsync(name, TenantTargets.Qualify(tenant, target), AsOf.Parse(body.AsOf), ct);
        return Results.Created($"/v1/admin/projections/{name}/rows?target={target}", info with { Target = target });
    }

    public sealed record SwapRequest(string? Target);

    /// <summary>
    /// Makes a rebuilt target the live one, atomically (blue/green). The live target serves every tenant, so only an
    /// admin of the operator's tenant (<c>Storage:DefaultTenant</c>) may swap; other tenants get 403 <c>operator_only</c>.
    /// </summary>
    public static async Task<IResult> Swap(string name, SwapRequest? body, HttpContext http, ReadModelRebuilder rebuilder,
        Microsoft.Extensions.Options.IOptions<Infrastructure.EventStore.StorageOptions> storage, CancellationToken ct)
    {
        var target = body?.Target ?? throw new InvalidRequest("missing_target", "'target' is required.");
        var tenant = RequestContext.Tenant(http);
        if (tenant != storage.Value.DefaultTenant)
            throw new Domain.DomainRuleViolated("operator_only", "The live read models serve every tenant; only the operator's tenant may swap them.");
        var info = await rebuilder.SwapAsync(name, TenantTargets.Qualify(tenant, target), ct);
        return Results.Ok(info with { Target = target });
    }

    /// <summary>Rows of one kind (e.g. feedback-aggregates/chunk), live target unless ?target= names another; ?prefix= narrows by key.</summary>
    public static async Task<IResult> Rows(string name, string kind, string? target, string? prefix, int? limit, HttpContext http,
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
        return Results.Ok(new RowsView(name, kind, target ?? TenantTargets.Unqualify(tenant, live) ?? live, selected));
    }

    /// <param name="Rows">The rows as the read model stores them (snake_case JSON).</param>
    public sealed record RowsView(string Projection, string Kind, string Target, IReadOnlyList<System.Text.Json.JsonElement> Rows);

    /// <summary>The training set as of a point (sequence or time; default the head), as a zip of the data file and its manifest.</summary>
    public static async Task<IResult> ExportTrainingSet([FromQuery(Name = "as_of")] string? asOf, string? format, HttpContext http, TrainingSetExporter exporter, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("esrag-export-");
        TrainingSetManifest manifest;
        try
        {
            // Exported to files first, so a bad as-of or format is still a problem response, not a broken download.
            manifest = await exporter.ExportAsync(folder.FullName, AsOf.Parse(asOf), format ?? "jsonl", ct, RequestContext.Tenant(http));
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
        // Then zipped straight into the response (issue 24: the whole zip was built in memory inside the request).
        return Results.Stream(async body =>
        {
            try
            {
                // The zip writer still flushes its deflate blocks synchronously; allowed for this response only.
                if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>() is { } control) control.AllowSynchronousIO = true;
                await using var archive = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
                foreach (var file in manifest.Files.Select(f => f.Name).Append(TrainingSetExporter.ManifestFile))
                    await archive.CreateEntryFromFileAsync(Path.Combine(folder.FullName, file), file, CompressionLevel.Optimal, ct);
            }
            finally { folder.Delete(recursive: true); }
        }, "application/zip", $"training-set-{manifest.AsOf.Sequence}.zip");
    }
}
