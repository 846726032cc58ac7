using System.Text;
using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Projections.Documents;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace EventSourcedRag.Cli.Evaluating;

/// <summary>Puts a BEIR corpus through the real intake, queue and worker, as the evaluation and the learning loop both need.</summary>
public static class BeirCorpusLoader
{
    private const int SubmitParallelism = 8;
    private static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(10);

    /// <returns>BEIR id to document id, for every document the intake accepted.</returns>
    public static async Task<Dictionary<string, Guid>> IngestAsync(IServiceProvider services, BeirDataset dataset, EventMetadata metadata, CancellationToken ct)
    {
        var intake = services.GetRequiredService<DocumentIntake>();
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, Guid>(StringComparer.Ordinal);
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask($"Submitting {dataset.Corpus.Count} documents", maxValue: dataset.Corpus.Count);
            await Parallel.ForEachAsync(dataset.Corpus, new ParallelOptions { MaxDegreeOfParallelism = SubmitParallelism, CancellationToken = ct }, async (doc, token) =>
            {
                var text = doc.Text.Length > 0 ? doc.Text : doc.Title;
                var upload = new DocumentUpload(doc.Id + ".txt", MediaTypes.Text, Encoding.UTF8.GetBytes(text), doc.Title.Length > 0 ? doc.Title : doc.Id, [],
                    new Dictionary<string, string> { ["beir_id"] = doc.Id });
                try
                {
                    var result = await intake.SubmitAsync(upload, metadata, token);
                    ids[doc.Id] = result.DocumentId; // identical texts share one document; both ids map to it
                }
                catch (UploadRejected)
                {
                    // A document the product refuses (Cranfield has two with no text) cannot be retrieved; it counts as failed.
                }
                task.Increment(1);
            });
        });
        return new Dictionary<string, Guid>(ids, StringComparer.Ordinal);
    }

    /// <returns>How many documents failed.</returns>
    public static async Task<int> WaitForWorkerAsync(IServiceProvider services, string tenant, int expected, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var failed = 0;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask("Extracting, chunking, indexing", maxValue: expected);
            // Embedding a large corpus on a few cores takes as long as it takes; only a worker that stopped making
            // progress is a failure.
            var (lastDone, lastProgress) = (-1, DateTimeOffset.UtcNow);
            while (true)
            {
                await using var session = store.QuerySession(tenant);
                var done = await session.Query<DocumentStatusView>().CountAsync(v => v.Status == "indexed" || v.Status == "failed", ct);
                failed = await session.Query<DocumentStatusView>().CountAsync(v => v.Status == "failed", ct);
                task.Value = done;
                if (done >= expected) break;
                if (done != lastDone) (lastDone, lastProgress) = (done, DateTimeOffset.UtcNow);
                else if (DateTimeOffset.UtcNow - lastProgress > StallTimeout)
                    throw new TimeoutException($"Only {done} of {expected} documents were processed; none more in {StallTimeout.TotalMinutes} minutes.");
                await Task.Delay(250, ct);
            }
        });
        return failed;
    }

    public static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
