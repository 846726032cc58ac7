using System.Diagnostics;
using EventSourcedRag.Infrastructure.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// A restart from an index snapshot, beside the start from the log: the host writes its indexes to a file, stops, and a
/// second host loads the file and reads only the log after it, as a restarted replica with Retrieval:SnapshotFolder does.
/// </summary>
public sealed partial class LoadBench
{
    private static string SnapshotFolder(string schema) => Path.Combine(Path.GetTempPath(), "esrag-load-bench", schema);

    private static void WithSnapshots(Dictionary<string, string?> overrides, string schema)
    {
        overrides["Retrieval:SnapshotFolder"] = SnapshotFolder(schema);
        // Written once, by the bench, after the start it measures: periodic snapshots would slow that start.
        overrides["Retrieval:SnapshotEveryEvents"] = $"{int.MaxValue}";
    }

    private async Task RestartFromSnapshotAsync(WebApplication app, Dictionary<string, string?> overrides, string connection, string schema, string key, CancellationToken ct)
    {
        try
        {
            var write = Stopwatch.StartNew();
            await app.Services.GetRequiredService<EventLogIndexFeeder>().SaveSnapshotAsync(ct);
            var writeSeconds = write.Elapsed.TotalSeconds;
            var bytes = Directory.GetFiles(SnapshotFolder(schema), "*.idx").Sum(f => new FileInfo(f).Length);
            await app.StopAsync(ct);
            var head = await BenchSchema.ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);
            var started = Stopwatch.StartNew();
            await using var second = await StartApiAsync(overrides, ct);
            await WaitForIndexAsync(second.Services.GetRequiredService<SearchIndexes>(), head, started, ct);
            var restartSeconds = started.Elapsed.TotalSeconds;
            AnsiConsole.MarkupLine($"  snapshot written in {writeSeconds:F1} s ({bytes / 1048576.0:N0} MiB); restart from it to the log's head {restartSeconds:F1} s");
            _figures[$"{key}_snapshot_write_s"] = Math.Round(writeSeconds, 2);
            _figures[$"{key}_snapshot_bytes"] = bytes;
            _figures[$"{key}_restart_from_snapshot_s"] = Math.Round(restartSeconds, 2);
            await second.StopAsync(ct);
        }
        finally
        {
            if (Directory.Exists(SnapshotFolder(schema))) Directory.Delete(SnapshotFolder(schema), recursive: true);
        }
    }
}
