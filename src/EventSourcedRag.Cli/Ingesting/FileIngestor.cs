using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Projections.Documents;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Ingesting;

/// <summary>Submits files through the real intake, then waits until the worker has processed each and the search index has caught up.</summary>
public sealed class FileIngestor(IServiceProvider services, EventMetadata metadata)
{
    public sealed record Outcome(string File, Guid? DocumentId, string Status, string? Error);

    public static IReadOnlyList<string> Expand(IEnumerable<string> paths) =>
        paths.SelectMany<string, string>(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : File.Exists(p) ? [p] : throw new FileNotFoundException($"No such file or folder: {p}"))
            .ToList();

    public async Task<IReadOnlyList<Outcome>> IngestAsync(IReadOnlyList<string> files, TimeSpan timeout, CancellationToken ct)
    {
        var intake = services.GetRequiredService<DocumentIntake>();
        var submitted = new List<(string File, SubmissionResult? Result, string? Error)>();
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask("Submitting", maxValue: files.Count);
            foreach (var file in files)
            {
                try
                {
                    var upload = new DocumentUpload(Path.GetFileName(file), null, await File.ReadAllBytesAsync(file, ct), null, [], new Dictionary<string, string>());
                    submitted.Add((file, await intake.SubmitAsync(upload, metadata, ct), null));
                }
                catch (UploadRejected ex)
                {
                    submitted.Add((file, null, ex.Message));
                }
                task.Increment(1);
            }
        });

        var pending = submitted.Where(s => s.Result is not null).ToDictionary(s => s.Result!.DocumentId, s => s.Result!.Version);
        var statuses = await WaitForWorker(intake, pending, timeout, ct);
        await WaitForIndex(ct);
        return submitted.Select(s => s.Result is null
            ? new Outcome(s.File, null, "rejected", s.Error)
            : new Outcome(s.File, s.Result.DocumentId, s.Result.Outcome == SubmissionOutcome.Duplicate ? "duplicate" : statuses[s.Result.DocumentId].Status, statuses[s.Result.DocumentId].Error)).ToList();
    }

    private async Task<Dictionary<Guid, DocumentStatusView>> WaitForWorker(DocumentIntake intake, Dictionary<Guid, int> pending, TimeSpan timeout, CancellationToken ct)
    {
        var done = new Dictionary<Guid, DocumentStatusView>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask("Extracting, chunking, indexing", maxValue: pending.Count);
            while (done.Count < pending.Count)
            {
                foreach (var (id, version) in pending.Where(p => !done.ContainsKey(p.Key)))
                {
                    var view = await intake.GetStatusAsync(metadata.Tenant, id, ct);
                    if (view is { Status: "indexed" or "failed" or DocumentStatusView.Deleted } && view.DocumentVersion >= version) done[id] = view;
                }
                task.Value = done.Count;
                if (done.Count == pending.Count) break;
                if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"{pending.Count - done.Count} documents were not processed within {timeout}; is the worker running?");
                await Task.Delay(200, ct);
            }
        });
        return done;
    }

    private async Task WaitForIndex(CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var head = (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;
        await services.GetRequiredService<EventLogIndexFeeder>().WaitForAsync(head, TimeSpan.FromSeconds(60), ct);
    }
}
