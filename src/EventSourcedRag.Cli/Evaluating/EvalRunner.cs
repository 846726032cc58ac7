using System.Diagnostics;
using System.Text.Json;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Learning.Evaluation;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Evaluating;

/// <summary>
/// Evaluates the product on a BEIR collection: the corpus goes through the real intake, queue and worker into a
/// fresh schema, every judged query goes through the same <see cref="QueryService"/> that serves /v1/query, and
/// the ranked documents are scored with trec_eval's metrics.
/// </summary>
public sealed class EvalRunner(EvalSettings settings)
{
    private const string Tenant = "eval";

    public async Task<EvalReport> RunAsync(CancellationToken ct)
    {
        var dataset = BeirDataset.Load(settings.Dataset, settings.Split);
        var schema = $"eval_{Guid.NewGuid():N}"[..17];
        var overrides = Benchmarking.BenchSchema.WorkerRun(schema, settings.ChunkTokens);
        overrides["Retrieval:Retriever"] = settings.Retriever;
        var connectionString = CliHost.Configuration(overrides).GetConnectionString("Postgres")!;
        using var host = await CliHost.StartAsync(HostRoles.All, overrides, ct);
        try
        {
            var clock = Stopwatch.StartNew();
            var documents = await BeirCorpusLoader.IngestAsync(host.Services, dataset, Metadata, ct);
            var failed = await BeirCorpusLoader.WaitForWorkerAsync(host.Services, Tenant, documents.Values.Distinct().Count(), ct);
            var head = (await host.Services.GetRequiredService<IDocumentStore>().Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;
            await host.Services.GetRequiredService<EventLogIndexFeeder>().WaitForAsync(head, TimeSpan.FromMinutes(5), ct);
            var beirIds = documents.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).Order(StringComparer.Ordinal).ToList());
            var queries = host.Services.GetRequiredService<QueryService>();
            var user = host.Services.GetRequiredService<UserHasher>().Hash(Tenant, "eval");
            // The first query fits the dense encoder; the timed runs are warm.
            await queries.AskAsync(new QueryRequest(dataset.Queries[0].Text, 10, null, QueryFilters.None, null, user, settings.Retriever), Metadata, ct);
            var indexSeconds = clock.Elapsed.TotalSeconds;

            var results = await RunQueriesAsync(queries, user, dataset, beirIds, ct);
            return Report(dataset, results, dataset.Corpus.Count, failed + dataset.Corpus.Count - documents.Count, indexSeconds);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (!settings.Keep) await BeirCorpusLoader.DropSchemaAsync(connectionString, schema);
            else AnsiConsole.MarkupLine($"[grey]kept schema {schema}[/]");
        }
    }

    private static readonly EventMetadata Metadata = new(Tenant, "cli:eval", "eval");

    private async Task<List<(BeirQuery Query, List<string> Ranked, double RetrievalMs, double TotalMs, string Model)>> RunQueriesAsync(
        QueryService queries, string user, BeirDataset dataset, Dictionary<Guid, List<string>> beirIds, CancellationToken ct)
    {
        var results = new List<(BeirQuery, List<string>, double, double, string)>();
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask($"Querying ({settings.Retriever})", maxValue: dataset.Queries.Count);
            foreach (var query in dataset.Queries)
            {
                var response = await queries.AskAsync(new QueryRequest(query.Text, QueryPlanner.MaxTopK, null, QueryFilters.None, null, user, settings.Retriever), Metadata, ct);
                var ranked = new List<string>();
                foreach (var source in response.Sources)
                    foreach (var id in beirIds.GetValueOrDefault(source.DocumentId, []))
                        if (!ranked.Contains(id)) ranked.Add(id);
                var s = response.Stages;
                results.Add((query, ranked, s.RetrieveMs + s.FuseMs + s.RerankMs, s.TotalMs, response.ModelInfo.EmbeddingModel));
                task.Increment(1);
            }
        });
        return results;
    }

    private EvalReport Report(BeirDataset dataset, List<(BeirQuery Query, List<string> Ranked, double RetrievalMs, double TotalMs, string Model)> results, int docs, int failed, double indexSeconds)
    {
        double Mean(Func<IReadOnlyList<string>, IReadOnlyDictionary<string, int>, double> metric) =>
            results.Average(r => metric(r.Ranked, dataset.Qrels[r.Query.Id]));
        var latencies = results.Select(r => r.RetrievalMs).Order().ToList();
        var totals = results.Select(r => r.TotalMs).Order().ToList();
        return new EvalReport(dataset.Name, settings.Split, settings.Retriever, results.Count, docs,
            Round(Mean((r, j) => RankingMetrics.NdcgAt(r, j, 10))),
            Round(Mean((r, j) => RankingMetrics.MrrAt(r, j, 10))),
            Round(Mean((r, j) => RankingMetrics.RecallAt(r, j, 10))),
            Round(Mean((r, j) => RankingMetrics.RecallAt(r, j, 100))),
            Round(Mean((r, j) => RankingMetrics.MapAt(r, j, 10))),
            Math.Round(indexSeconds, 2),
            Math.Round(Percentile(latencies, 0.50), 3),
            Math.Round(Percentile(latencies, 0.95), 3),
            Math.Round(Percentile(totals, 0.50), 3),
            results.LastOrDefault().Model ?? "none",
            settings.ChunkTokens,
            failed);
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Round(double x) => Math.Round(x, 4);

    public static void Print(EvalReport report, bool json)
    {
        var table = new Table().Title($"{report.Dataset} ({report.Split}), retriever {report.Retriever}").AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        foreach (var (name, value) in new (string, object)[]
                 {
                     ("nDCG@10", report.Ndcg10), ("MRR@10", report.Mrr10), ("Recall@10", report.Recall10), ("Recall@100", report.Recall100),
                     ("MAP@10", report.Map10), ("queries", report.Queries), ("documents", report.Docs), ("failed documents", report.FailedDocs),
                     ("ingest + index (s)", report.IndexSeconds), ("retrieval p50 (ms)", report.LatencyP50), ("retrieval p95 (ms)", report.LatencyP95),
                     ("end-to-end p50 (ms)", report.EndToEndP50), ("embedding model", report.EmbeddingModel), ("chunk tokens", report.ChunkTokens),
                 })
            table.AddRow(name, Markup.Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        AnsiConsole.Write(table);
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(report));
    }
}
