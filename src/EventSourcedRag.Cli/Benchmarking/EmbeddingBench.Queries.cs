using System.Diagnostics;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Infrastructure.Embeddings;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>Query embedding, warm: one encoder per query-session setting, measured side by side on the same queries.</summary>
public sealed partial class EmbeddingBench
{
    private IReadOnlyList<string> _queries = [];

    // Warm: every session made and run once; then every query once on each setting (none repeats, so none comes from
    // a cache), the settings' order rotated from query to query so that the shared machine's bursts fall on all of
    // them alike; then every query again from the first setting's cache.
    private void QueryLatency(EncoderModel model, EncoderRuntime runtime, IReadOnlyList<string> queries)
    {
        queries = _queries = queries.Distinct().ToList();
        var settingsToRun = settings.QueryThreads is { Count: > 0 } t ? t : [0, 1];
        var memory = SecondSessionBytes(model, runtime);
        var encoders = settingsToRun.Select(threads => new OnnxSentenceEmbedder(model, runtime with { QueryThreads = threads, QueryCacheSize = queries.Count + 1 })).ToList();
        try
        {
            foreach (var encoder in encoders) encoder.EmbedQuery("warm up the session");
            var times = encoders.Select(_ => new List<double>(queries.Count)).ToList();
            var vectors = encoders.Select(_ => new List<float[]>(queries.Count)).ToList();
            for (var q = 0; q < queries.Count; q++)
                for (var k = 0; k < encoders.Count; k++)
                {
                    var e = (q + k) % encoders.Count;
                    var clock = Stopwatch.StartNew();
                    vectors[e].Add(encoders[e].EmbedQuery(queries[q]));
                    times[e].Add(clock.Elapsed.TotalMilliseconds);
                }
            var cached = new List<double>(queries.Count);
            foreach (var query in queries)
            {
                var clock = Stopwatch.StartNew();
                encoders[0].EmbedQuery(query);
                cached.Add(clock.Elapsed.TotalMilliseconds);
            }
            Report(encoders, times, vectors, cached, memory);
        }
        finally
        {
            foreach (var encoder in encoders) encoder.Dispose();
        }
    }

    private void Report(List<OnnxSentenceEmbedder> encoders, List<List<double>> times, List<List<float[]>> vectors, List<double> cached, long secondSessionBytes)
    {
        var table = new Table().Title($"Query embedding, warm, each query new to the cache ({times[0].Count} queries, {Environment.ProcessorCount} cores)")
            .AddColumns("session", "p50 ms", "p95 ms", "p99 ms", "max |Δ| against the first");
        var rows = new List<Dictionary<string, object>>();
        for (var e = 0; e < encoders.Count; e++)
        {
            var sorted = times[e].Order().ToList();
            var (p50, p95, p99) = (EvalRunner.Percentile(sorted, 0.5), EvalRunner.Percentile(sorted, 0.95), EvalRunner.Percentile(sorted, 0.99));
            var difference = vectors[e].Zip(vectors[0]).Max(p => p.First.Zip(p.Second).Max(d => Math.Abs(d.First - d.Second)));
            var label = encoders[e].SeparateQuerySession ? $"query session, {encoders[e].QueryThreads} thread(s)" : $"documents' session, {encoders[e].QueryThreads} thread(s)";
            table.AddRow(label, $"{p50:F2}", $"{p95:F2}", $"{p99:F2}", $"{difference:E1}");
            rows.Add(new() { ["threads"] = encoders[e].QueryThreads, ["separate_session"] = encoders[e].SeparateQuerySession, ["p50_ms"] = Math.Round(p50, 3), ["p95_ms"] = Math.Round(p95, 3), ["p99_ms"] = Math.Round(p99, 3), ["max_abs_difference"] = difference });
        }
        AnsiConsole.Write(table);
        var cachedP95 = EvalRunner.Percentile(cached.Order().ToList(), 0.95);
        // What the time depends on: a transformer's work grows with the tokens of the query.
        var tokens = _queries.Select(q => (double)encoders[0].Tokenize(encoders[0].Spec.QueryPrefix + q).Length).Order().ToList();
        AnsiConsole.MarkupLine($"Query length in tokens: p50 {EvalRunner.Percentile(tokens, 0.5):F0}, p95 {EvalRunner.Percentile(tokens, 0.95):F0}, max {tokens[^1]:F0}.");
        _figures["query_tokens_p50_p95_max"] = new[] { EvalRunner.Percentile(tokens, 0.5), EvalRunner.Percentile(tokens, 0.95), tokens[^1] };
        AnsiConsole.MarkupLine($"From the query-vector cache: p95 {cachedP95:F3} ms. A second (query) session holds {secondSessionBytes / 1048576.0:F0} MiB more of the process's memory (resident set).");
        _figures["query_embed"] = rows;
        _figures["query_embed_cached_ms_p95"] = Math.Round(cachedP95, 4);
        _figures["query_session_resident_bytes"] = secondSessionBytes;
    }

    // What a second session of the model costs the process: native memory ONNX Runtime allocates for its copy of the
    // weights and its arena, seen as the resident set's growth across its creation and first run.
    private static long SecondSessionBytes(EncoderModel model, EncoderRuntime runtime)
    {
        using var first = new OnnxSentenceEmbedder(model, runtime with { QueryThreads = 0 });
        first.EmbedQuery("warm up the session");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = Process.GetCurrentProcess().WorkingSet64;
        var (session, _) = OnnxSessions.Create(model.Onnx, runtime with { Threads = 1 }, null);
        using (session)
        {
            using var ids = OrtValue.CreateTensorValueFromMemory(new long[] { 101, 2023, 102 }, [1, 3]);
            using var mask = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1, 1 }, [1, 3]);
            using var types = OrtValue.CreateTensorValueFromMemory(new long[3], [1, 3]);
            using var options = new RunOptions();
            using (session.Run(options, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"])) { }
            return Process.GetCurrentProcess().WorkingSet64 - before;
        }
    }
}
