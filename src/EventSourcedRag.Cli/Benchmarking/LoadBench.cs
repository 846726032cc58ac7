using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain.Access;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Access;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// The API under load on this machine, over loopback HTTP, at several index sizes. Per size, in a fresh schema: a
/// synthetic corpus is written to the log as ingestion writes it; an API host starts and builds its index from the
/// log (timed, with the memory it holds per chunk); queries are answered in-process (the ranking alone) and then by
/// concurrent HTTP clients, at a moderate and at a saturating concurrency. Once, on the smallest size: feedback is
/// posted by concurrent clients and every acknowledged signal is checked in the store, beside the ceiling of the
/// same machine: rows of the same shape written into a copy of the events table with binary COPY.
/// </summary>
public sealed partial class LoadBench(LoadBenchSettings settings)
{
    private readonly Dictionary<string, object> _figures = [];

    public async Task RunAsync(CancellationToken ct)
    {
        var growth = new List<SizeFigures>();
        var encoders = settings.Encoders is { Count: > 0 } e ? e : [EmbeddingOptions.Lsa];
        foreach (var size in settings.Sizes)
            foreach (var encoder in encoders)
                growth.Add(await RunSizeAsync(size, encoder, feedback: settings.Feedback && size == settings.Sizes.Min() && encoder == encoders[0], ct));

        var table = new Table().Title("Growth").AddColumns("chunks", "encoder", "host start (log → index) s", "dense encoder ready after s", "bytes/chunk", "bytes/chunk w/o text",
            "resident bytes/chunk", "ranking p95 ms", "HTTP p95 ms", "retrieval p95 ms", "QPS at saturation");
        foreach (var g in growth)
            table.AddRow($"{g.Chunks:N0}", g.Encoder, F(g.StartSeconds, 1), F(g.DenseSeconds, 1), $"{g.BytesPerChunk:N0}", $"{g.BytesPerChunkWithoutText:N0}",
                $"{g.ResidentBytesPerChunk:N0}", F(g.RankingP95, 2), F(g.HttpP95, 1), F(g.RetrievalP95, 2), $"{g.Qps:N0}");
        AnsiConsole.Write(table);
        if (settings.Json) Console.WriteLine(JsonSerializer.Serialize(_figures));
    }

    private sealed record SizeFigures(int Chunks, string Encoder, double StartSeconds, double DenseSeconds, long BytesPerChunk, long BytesPerChunkWithoutText,
        long ResidentBytesPerChunk, double RankingP95, double HttpP95, double RetrievalP95, double Qps);

    private async Task<SizeFigures> RunSizeAsync(int chunks, string encoder, bool feedback, CancellationToken ct)
    {
        var (model, queryThreads) = encoder.Split("@q") is [var m, var q] ? (m, q) : (encoder, "0");
        var pool = model == EmbeddingOptions.Lsa ? null : PoolFor(model);
        var schema = BenchSchema.NewName("load");
        var overrides = new Dictionary<string, string?>
        {
            ["Storage:Schema"] = schema, ["Hosting:Roles"] = "Api", ["Messaging:BroadcastServing"] = "false",
            ["Retrieval:SnapshotFolder"] = "", ["Logging:Json"] = "false", ["Logging:LogLevel:Default"] = "Warning",
            // The synthetic corpus is written straight to the log, with no worker: the corpus-fitted encoder, or a
            // pretrained one whose (stand-in) vectors are written to chunk_vectors beside it.
            ["Embedding:Model"] = model, ["Embedding:QueryThreads"] = queryThreads,
            // The bench measures the service, not its limits on abuse.
            ["Access:RateLimits:PerKeyPerSecond"] = "1000000", ["Access:RateLimits:PerKeyBurst"] = "1000000",
            ["Access:RateLimits:PerIpPerSecond"] = "1000000", ["Access:RateLimits:PerIpBurst"] = "1000000",
            ["Feedback:MaxSignalsPerResponsePerHour"] = "1000000",
        };
        if (settings.Restart) WithSnapshots(overrides, schema);
        var configuration = CliHost.Configuration(overrides);
        var storage = new StorageOptions { ConnectionString = configuration.GetConnectionString("Postgres")!, Schema = schema };
        AnsiConsole.MarkupLine($"[bold]{chunks:N0} chunks, encoder {encoder}[/] (schema {schema})");
        try
        {
            var (textBytes, appendSeconds) = await AppendCorpusAsync(storage, chunks, pool, ct);
            AnsiConsole.MarkupLine($"  corpus written to the log{(pool is null ? "" : " and its stand-in vectors to chunk_vectors")} in {appendSeconds:F1} s");

            var before = Settled();
            var residentBefore = Resident();
            var started = Stopwatch.StartNew();
            await using var app = await StartApiAsync(overrides, ct);
            var head = await BenchSchema.ScalarAsync(storage.ConnectionString, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);
            var indexes = app.Services.GetRequiredService<SearchIndexes>();
            var quarters = await WaitForIndexAsync(indexes, head, started, ct);
            var startSeconds = started.Elapsed.TotalSeconds;
            AnsiConsole.MarkupLine($"  log read into the index: a quarter, half, three quarters, all at {string.Join(", ", quarters.Select(q => $"{q:F1}"))} s");

            var planner = app.Services.GetRequiredService<QueryPlanner>();
            var corpus = new SyntheticCorpus(seed: 7);
            var first = Stopwatch.StartNew();
            planner.Plan(new QueryRequest(corpus.Question(), null, null, QueryFilters.None, null, null, null), "default");
            var firstQueryMs = first.Elapsed.TotalMilliseconds;
            // The encoder of the last fit point is computed in the background; queries are lexical only until it is in.
            var fitting = Stopwatch.StartNew();
            await AnsiConsole.Status().StartAsync("  fitting the dense encoder and building its vectors", _ => indexes.DenseSettled);
            var denseSeconds = fitting.Elapsed.TotalSeconds;
            var held = Settled() - before;
            var perChunk = held / chunks;
            var withoutText = (held - textBytes) / chunks;
            var residentPerChunk = (Resident() - residentBefore) / chunks;
            AnsiConsole.MarkupLine($"  host start (read log, build lexical index) {startSeconds:F1} s; first query {firstQueryMs:F1} ms (lexical while the encoder fits); " +
                                   $"dense encoder ready {denseSeconds:F1} s later; " +
                                   $"{held / 1048576.0:N0} MiB held = {perChunk:N0} B/chunk, {withoutText:N0} B/chunk without the chunk text; " +
                                   $"the process's resident set grew {residentPerChunk:N0} B/chunk (native memory included)");

            var (ranking, embedding) = RankInProcess(planner, corpus, 400);
            AnsiConsole.MarkupLine($"  ranking in-process (hybrid, one thread): p50 {ranking.P50:F2} ms, p95 {ranking.P95:F2} ms, p99 {ranking.P99:F2} ms; " +
                                   $"of which embedding the query p50 {embedding.P50:F2} ms, p95 {embedding.P95:F2} ms");
            var (lexicalRanking, _) = RankInProcess(planner, corpus, 400, "bm25");
            AnsiConsole.MarkupLine($"  ranking in-process (BM25 only): p50 {lexicalRanking.P50:F2} ms, p95 {lexicalRanking.P95:F2} ms, p99 {lexicalRanking.P99:F2} ms");

            var token = await TokenAsync(app, ct);
            using var http = Client(app, token);
            var questions = Enumerable.Range(0, 5000).Select(_ => corpus.Question()).ToArray();
            await HttpQueriesAsync(http, questions, 4, TimeSpan.FromSeconds(3), ct); // warm-up
            var moderate = await HttpQueriesAsync(http, questions, settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds), ct);
            Report($"  HTTP /v1/query, {settings.Concurrency} clients", moderate);
            var saturated = await HttpQueriesAsync(http, questions, settings.SaturationConcurrency, TimeSpan.FromSeconds(settings.Seconds), ct);
            Report($"  HTTP /v1/query, {settings.SaturationConcurrency} clients", saturated);

            var key = encoder == EmbeddingOptions.Lsa ? $"{chunks}" : $"{chunks}_{encoder}";
            _figures[$"{key}_start_s"] = Math.Round(startSeconds, 2);
            _figures[$"{key}_start_quarters_s"] = quarters.Select(q => Math.Round(q, 1)).ToArray();
            _figures[$"{key}_first_query_ms"] = Math.Round(firstQueryMs, 2);
            _figures[$"{key}_dense_ready_s"] = Math.Round(denseSeconds, 2);
            _figures[$"{key}_bytes_per_chunk"] = perChunk;
            _figures[$"{key}_bytes_per_chunk_without_text"] = withoutText;
            _figures[$"{key}_resident_bytes_per_chunk"] = residentPerChunk;
            _figures[$"{key}_ranking_ms"] = new[] { ranking.P50, ranking.P95, ranking.P99 };
            _figures[$"{key}_ranking_query_embed_ms"] = new[] { embedding.P50, embedding.P95, embedding.P99 };
            _figures[$"{key}_bm25_ranking_ms"] = new[] { lexicalRanking.P50, lexicalRanking.P95, lexicalRanking.P99 };
            _figures[$"{key}_http_moderate"] = moderate;
            _figures[$"{key}_http_saturated"] = saturated;

            if (feedback) await FeedbackAsync(http, storage, moderate.Responses, ct);
            if (settings.Restart) await RestartFromSnapshotAsync(app, overrides, storage.ConnectionString, schema, key, ct);
            return new SizeFigures(chunks, encoder, startSeconds, denseSeconds, perChunk, withoutText, residentPerChunk, ranking.P95, moderate.Total.P95, moderate.Retrieval.P95, saturated.Qps);
        }
        finally
        {
            await BenchSchema.DropAsync(storage.ConnectionString, schema);
        }
    }

    // When the index passed each quarter of the log: a start that slows as the index grows shows here.
    private static async Task<double[]> WaitForIndexAsync(SearchIndexes indexes, long head, Stopwatch started, CancellationToken ct)
    {
        var quarters = new double[4];
        var passed = 0;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask("  reading the log into the index", maxValue: head);
            while (passed < 4)
            {
                var position = indexes.Position;
                task.Value = position;
                for (; passed < 4 && position >= head * (passed + 1) / 4; passed++) quarters[passed] = started.Elapsed.TotalSeconds;
                if (passed < 4) await Task.Delay(50, ct);
            }
        });
        return quarters;
    }

    private static async Task<WebApplication> StartApiAsync(Dictionary<string, string?> overrides, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddApplicationServices();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapApplication();
        await app.StartAsync(ct);
        return app;
    }

    private static async Task<string> TokenAsync(WebApplication app, CancellationToken ct)
    {
        var keys = app.Services.GetRequiredService<ApiKeys>();
        var issued = await keys.CreateAsync("default", "load bench", Roles.All, null, new EventMetadata("default", "bench", "load-bench"), ct);
        return issued.Token;
    }

    private static HttpClient Client(WebApplication app, string token)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    // ---- helpers ----

    private static long Settled()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long Resident()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static Percentiles Of(List<double> values)
    {
        if (values.Count == 0) return new Percentiles(double.NaN, double.NaN, double.NaN);
        values.Sort();
        return new Percentiles(Math.Round(EvalRunner.Percentile(values, 0.50), 3), Math.Round(EvalRunner.Percentile(values, 0.95), 3), Math.Round(EvalRunner.Percentile(values, 0.99), 3));
    }

    private static string F(double v, int digits) => v.ToString("F" + digits, System.Globalization.CultureInfo.InvariantCulture);
}
