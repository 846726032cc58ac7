using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Queries;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

// The query side of the load bench: ranking in process, and closed-loop HTTP clients.
public sealed partial class LoadBench
{
    public sealed record Percentiles(double P50, double P95, double P99);

    public sealed record HttpRun(int Clients, int Requests, int Errors, double Seconds, double Qps, Percentiles Total, Percentiles Retrieval,
        [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<(Guid Response, Guid Chunk)> Responses);

    // The ranking alone, and the part of it spent embedding the query (the stage a pretrained encoder makes dominant).
    private static (Percentiles Ranking, Percentiles Embedding) RankInProcess(QueryPlanner planner, SyntheticCorpus corpus, int n, string? retriever = null)
    {
        var (times, embedding) = (new List<double>(n), new List<double>(n));
        for (var i = 0; i < n; i++)
        {
            var request = new QueryRequest(corpus.Question(), null, null, QueryFilters.None, null, null, retriever);
            var clock = Stopwatch.StartNew();
            var planned = planner.Plan(request, "default");
            times.Add(clock.Elapsed.TotalMilliseconds);
            embedding.Add(planned.Search.EmbedMs);
        }
        return (Of(times), Of(embedding));
    }

    private static async Task<HttpRun> HttpQueriesAsync(HttpClient http, string[] questions, int clients, TimeSpan duration, CancellationToken ct)
    {
        var retrievals = new ConcurrentBag<double>();
        var responses = new ConcurrentBag<(Guid, Guid)>();
        var run = await ClosedLoopAsync(clients, duration, async (c, n) =>
        {
            var question = questions[n % questions.Length];
            using var response = await http.PostAsJsonAsync("/v1/query", new { query = question, session_id = $"s{c}", user_id = $"u{c}" }, ct);
            if (!response.IsSuccessStatusCode) return false;
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var latency = body.GetProperty("stages");
            retrievals.Add(latency.GetProperty("retrieve_ms").GetDouble() + latency.GetProperty("fuse_ms").GetDouble() + latency.GetProperty("rerank_ms").GetDouble());
            var sources = body.GetProperty("sources");
            if (sources.GetArrayLength() > 0)
                responses.Add((body.GetProperty("response_id").GetGuid(), sources[0].GetProperty("chunk_id").GetGuid()));
            return true;
        });
        return new HttpRun(clients, run.Latencies.Count, run.Errors, Math.Round(run.Seconds, 2), Math.Round(run.Latencies.Count / run.Seconds, 1),
            Of(run.Latencies), Of(retrievals.ToList()), responses.ToList());
    }

    private sealed record LoopRun(List<double> Latencies, int Errors, double Seconds);

    /// <summary>
    /// Closed-loop clients: each sends its next request as soon as the last one is answered, until the time is up.
    /// <paramref name="send"/> gets the client's number and a running request number, and says whether the request succeeded;
    /// the latency of every successful one is kept.
    /// </summary>
    private static async Task<LoopRun> ClosedLoopAsync(int clients, TimeSpan duration, Func<int, int, Task<bool>> send)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (await send(c, Interlocked.Increment(ref next) & int.MaxValue)) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    else Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref errors); }
            }
        }));
        return new LoopRun(latencies.ToList(), errors, clock.Elapsed.TotalSeconds);
    }

    private static void Report(string what, HttpRun run) =>
        AnsiConsole.MarkupLine($"{what}: {run.Qps:N0} QPS ({run.Requests:N0} answered, {run.Errors} errors); end-to-end p50 {run.Total.P50:F1} / p95 {run.Total.P95:F1} / p99 {run.Total.P99:F1} ms; " +
                               $"retrieval stage p50 {run.Retrieval.P50:F2} / p95 {run.Retrieval.P95:F2} / p99 {run.Retrieval.P99:F2} ms");
}
