using System.IO.Compression;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.TrainingSets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EventSourcedRag.Api.Features.TrainingSets;

/// <summary>For data scientists: the tenant's training set rebuilt from the log as of any point, reproducibly.</summary>
public static class TrainingSetEndpoints
{
    public static IEndpointRouteBuilder MapTrainingSetApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/training-set").MapGet("", Export).Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .RequireRoles(Roles.DataScientist, Roles.Admin);
        return app;
    }

    /// <summary>The training set as of a point (sequence or time; default the head), as a zip of the data file and its manifest.</summary>
    public static async Task<PushStreamHttpResult> Export([FromQuery(Name = "as_of")] string? asOf, string? format, HttpContext http, TrainingSetExporter exporter, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("esrag-export-");
        TrainingSetManifest manifest;
        try
        {
            // Exported to files first, so a bad as-of or format is still a problem response, not a broken download.
            manifest = await exporter.ExportAsync(folder.FullName, AsOf.Parse(asOf), format ?? "jsonl", RequestContext.Tenant(http), ct: ct);
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
        // Then zipped straight into the response (issue 24: the whole zip was built in memory inside the request).
        return TypedResults.Stream(async body =>
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
