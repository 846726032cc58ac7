using System.Text.Json;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Cli.Ingesting;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace EventSourcedRag.Cli.Demo;

/// <summary>
/// The main job on the embedded default: a fresh schema, the sample handbook ingested through the worker,
/// every sample question asked, simulated feedback recorded, and a report of what the event log now holds.
/// </summary>
public sealed class DemoRunner(string schema, string samplesFolder, bool json = false)
{
    private const string Tenant = "demo";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Storage:Schema"] = schema,
            ["Messaging:IngestQueue"] = $"{schema}-ingest",
        };
        await ResetSchema(CliHost.Configuration(overrides).GetConnectionString("Postgres")!, ct);
        using var host = await CliHost.StartAsync(HostRoles.All, overrides, ct);
        var services = host.Services;

        AnsiConsole.MarkupLine($"[bold]EventSourcedRag demo[/] — schema [blue]{schema}[/], tenant [blue]{Tenant}[/]");
        var files = FileIngestor.Expand([Path.Combine(samplesFolder, "handbook")]);
        var ingested = await new FileIngestor(services, Metadata("demo-admin")).IngestAsync(files, TimeSpan.FromMinutes(3), ct);
        ReportIngestion(ingested);
        var fileOf = ingested.Where(o => o.DocumentId is not null).ToDictionary(o => o.DocumentId!.Value, o => Path.GetFileName(o.File));

        var questions = (await File.ReadAllLinesAsync(Path.Combine(samplesFolder, "handbook-questions.jsonl"), ct))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<DemoQuestion>(l, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!)
            .ToList();
        var queries = services.GetRequiredService<QueryService>();
        var hasher = services.GetRequiredService<UserHasher>();
        var feedback = services.GetRequiredService<FeedbackService>();
        var user = new SimulatedUser(seed: 42);
        var answers = new List<(DemoQuestion Question, QueryResponse Response, int? FirstRelevant)>();
        var stored = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var userId = $"demo-user-{i % 7}";
            var metadata = Metadata(userId);
            var response = await queries.AskAsync(new QueryRequest(q.Question, 5, null, QueryFilters.None, $"session-{i}", hasher.Hash(Tenant, userId)), metadata, ct);
            bool IsRelevant(Guid documentId) => fileOf.TryGetValue(documentId, out var f) && q.Relevant.Contains(f);
            answers.Add((q, response, response.Sources.FirstOrDefault(s => IsRelevant(s.DocumentId))?.Position));
            var signals = user.React(response, IsRelevant).ToList();
            if (signals.Any(s => s is FeedbackSignal.ThumbsDown))
            {
                // Nothing useful was shown: the user rephrases once, and abandons if that fails as well.
                var followUp = await queries.AskAsync(new QueryRequest("policy on " + q.Question, 5, null, QueryFilters.None, $"session-{i}", hasher.Hash(Tenant, userId)), metadata, ct);
                signals.Add(new FeedbackSignal.Reformulation(followUp.ResponseId));
                if (!followUp.Sources.Any(s => IsRelevant(s.DocumentId)))
                    stored += await Record(feedback, followUp.ResponseId, [new FeedbackSignal.Abandonment()], metadata, ct);
            }
            stored += await Record(feedback, response.ResponseId, signals, metadata, ct);
        }

        var retrieval = ReportRetrieval(answers);
        ReportSamples(answers.Take(3).ToList());
        var events = await ReportEvents(services, stored, _duplicatesIgnored, ct);
        await host.StopAsync(ct);
        var failed = ingested.Count(o => o.Status is "failed" or "rejected");
        if (json)
            CliJson.Print(new
            {
                schema, files = ingested.Count, indexed = ingested.Count(o => o.Status == "indexed"), failed, retrieval,
                feedback_stored = stored, duplicates_ignored = _duplicatesIgnored, events,
            });
        return failed == 0 && answers.Any(a => a.FirstRelevant is not null) ? 0 : 1;
    }

    private int _duplicatesIgnored;

    /// <summary>Records each signal, then sends it again as a client retry would; the retry must store nothing.</summary>
    private async Task<int> Record(FeedbackService feedback, Guid response, IEnumerable<FeedbackSignal> signals, EventMetadata metadata, CancellationToken ct)
    {
        var stored = 0;
        foreach (var signal in signals)
        {
            if (await feedback.RecordAsync(response, signal, null, null, metadata, ct) is not null) stored++;
            if (await feedback.RecordAsync(response, signal, null, null, metadata, ct) is null) _duplicatesIgnored++;
        }
        return stored;
    }

    private static EventMetadata Metadata(string userId) => new(Tenant, $"demo:{userId}", Guid.NewGuid().ToString("N"));

    // The demo owns its schema: it starts from an empty log so the report is the same on every run.
    private async Task ResetSchema(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    private static void ReportIngestion(IReadOnlyList<FileIngestor.Outcome> outcomes)
    {
        var table = new Table().Title("Ingestion").AddColumns("Format", "Files", "Indexed", "Other");
        foreach (var group in outcomes.GroupBy(o => Path.GetExtension(o.File)).OrderBy(g => g.Key))
            table.AddRow(group.Key, group.Count().ToString(), group.Count(o => o.Status == "indexed").ToString(),
                string.Join(", ", group.Where(o => o.Status != "indexed").Select(o => $"{Path.GetFileName(o.File)}: {o.Status} {o.Error}")));
        AnsiConsole.Write(table);
    }

    private sealed record RetrievalFigures(int Answerable, int RelevantFirst, int RelevantInTop5, double Mrr5);

    private static RetrievalFigures ReportRetrieval(List<(DemoQuestion Question, QueryResponse Response, int? FirstRelevant)> all)
    {
        var answers = all.Where(a => a.Question.Relevant.Count > 0).ToList();
        var n = answers.Count;
        var hit1 = answers.Count(a => a.FirstRelevant == 1);
        var hit5 = answers.Count(a => a.FirstRelevant is not null);
        var mrr = answers.Sum(a => a.FirstRelevant is { } p ? 1.0 / p : 0) / n;
        AnsiConsole.MarkupLine($"[bold]Retrieval[/] over {n} answerable questions: relevant at rank 1: {hit1}/{n}, in top 5: {hit5}/{n}, MRR@5 {mrr:F3}" +
                               $" ({all.Count - n} questions the handbook cannot answer were asked too)");
        return new RetrievalFigures(n, hit1, hit5, Math.Round(mrr, 4));
    }

    private static void ReportSamples(List<(DemoQuestion Question, QueryResponse Response, int? FirstRelevant)> samples)
    {
        foreach (var (question, response, _) in samples)
        {
            AnsiConsole.MarkupLine($"\n[bold]Q:[/] {Markup.Escape(question.Question)}");
            AnsiConsole.MarkupLine($"[bold]A:[/] {Markup.Escape(response.Answer)}  [grey](confidence {response.Confidence:F2}, {response.LatencyMs:F1} ms)[/]");
            foreach (var s in response.Sources)
                AnsiConsole.MarkupLine($"   [[{s.Position}]] {Markup.Escape(s.Title)} [grey]{s.Score:F4}[/]");
        }
    }

    private async Task<Dictionary<string, long>> ReportEvents(IServiceProvider services, int stored, int duplicatesIgnored, CancellationToken ct)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Postgres"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select type, count(*) from {schema}.mt_events group by type order by type", connection);
        var table = new Table().Title("Events in the log").AddColumn("Event type").AddColumn(new TableColumn("Count").RightAligned());
        var counts = new Dictionary<string, long>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                table.AddRow(reader.GetString(0), reader.GetInt64(1).ToString());
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        table.AddRow("[bold]total[/]", $"[bold]{counts.Values.Sum()}[/]");
        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Feedback stored: {stored}; retried submissions ignored as duplicates: {duplicatesIgnored}.");
        return counts;
    }
}
