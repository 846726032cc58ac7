using System.Diagnostics;
using System.Text.Json;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Retrieval.Chunking;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Configuration;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// Embedding throughput, three ways side by side in one run on the same model and machine: the ceiling (a bare ONNX
/// Runtime session on token tensors of fixed shape, every token real, at its best batch and length of a grid), the
/// encoder in process (tokenize, length-bucket, run, pool) on the collection's chunks, and the worker's embedding
/// stage end to end (intake, queue, chunking, embedding stage, vectors stored) on the same documents.
/// </summary>
public sealed partial class EmbeddingBench(EmbeddingBenchSettings settings)
{
    private static readonly int[] Lengths = [64, 128, 256, 512];
    private static readonly int[] BatchTokens = [512, 1024, 2048, 4096];
    private readonly Dictionary<string, object> _figures = [];

    public async Task RunAsync(CancellationToken ct)
    {
        var options = new EmbeddingOptions { Model = settings.Model, QueryCacheSize = 0 };
        var model = options.LoadModel() ?? throw new ArgumentException("--model must be a pretrained encoder, not lsa.");
        var dataset = BeirDataset.Load(settings.Dataset, "test");
        dataset = dataset with { Corpus = dataset.Corpus.Take(settings.Documents).ToList() };
        var chunker = new SentenceChunker(settings.ChunkTokens, settings.ChunkTokens / 8);
        var texts = dataset.Corpus.SelectMany(d => chunker.Chunk(d.Text.Length > 0 ? d.Text : d.Title).Select(c => EmbeddingInput.Of(d.Title.Length > 0 ? d.Title : d.Id, c.Text))).ToList();
        _figures["model"] = model.Version;
        _figures["documents"] = dataset.Corpus.Count;
        _figures["chunks"] = texts.Count;

        QueryLatency(model, options.Runtime(), BeirDataset.Load(settings.Dataset, "test").Queries.Select(q => q.Text).ToList());
        if (!settings.QueriesOnly) await ThroughputAsync(model, options.Runtime(), dataset, texts, ct);
        if (settings.Json) Console.Out.WriteLine(JsonSerializer.Serialize(_figures));
    }

    private async Task ThroughputAsync(EncoderModel model, EncoderRuntime runtime, BeirDataset dataset, IReadOnlyList<string> texts, CancellationToken ct)
    {
        var ceiling = Ceiling(model, runtime);
        var inProcess = InProcess(model, runtime, texts);
        var worker = await WorkerAsync(dataset, ct);
        var table = new Table().Title($"Embedding throughput, {Markup.Escape(model.Spec.Name)}, {Environment.ProcessorCount} cores")
            .AddColumns("path", "tokens/s", "chunks/s", "share of ceiling");
        table.AddRow($"ceiling: bare session, best of grid (batch {ceiling.Batch} × {ceiling.Length})", $"{ceiling.TokensPerSecond:F0}", "-", "100 %");
        table.AddRow("encoder in process", $"{inProcess.TokensPerSecond:F0}", $"{inProcess.ChunksPerSecond:F1}", $"{100 * inProcess.TokensPerSecond / ceiling.TokensPerSecond:F0} %");
        table.AddRow("worker embedding stage (end to end)", $"{worker.TokensPerSecond:F0}", $"{worker.ChunksPerSecond:F1}", $"{100 * worker.TokensPerSecond / ceiling.TokensPerSecond:F0} %");
        AnsiConsole.Write(table);
        _figures["ceiling_tokens_per_second"] = Math.Round(ceiling.TokensPerSecond);
        _figures["ceiling_shape"] = $"{ceiling.Batch}x{ceiling.Length}";
        _figures["in_process_tokens_per_second"] = Math.Round(inProcess.TokensPerSecond);
        _figures["in_process_chunks_per_second"] = Math.Round(inProcess.ChunksPerSecond, 1);
        _figures["worker_tokens_per_second"] = Math.Round(worker.TokensPerSecond);
        _figures["worker_chunks_per_second"] = Math.Round(worker.ChunksPerSecond, 1);
        _figures["worker_share_of_ceiling"] = Math.Round(worker.TokensPerSecond / ceiling.TokensPerSecond, 3);
    }

    private static (double TokensPerSecond, int Batch, int Length) Ceiling(EncoderModel model, EncoderRuntime runtime)
    {
        var (session, _) = OnnxSessions.Create(model.Onnx, runtime, null);
        using var _ = session;
        var best = (TokensPerSecond: 0.0, Batch: 0, Length: 0);
        foreach (var length in Lengths.Where(l => l <= model.Spec.MaxLength))
            foreach (var budget in BatchTokens.Where(b => b >= length))
            {
                var batch = budget / length;
                var rate = TimedRuns(session, batch, length);
                if (rate > best.TokensPerSecond) best = (rate, batch, length);
            }
        return best;
    }

    // Warm once, then as many runs as fit in two seconds; every token is real (mask all ones).
    private static double TimedRuns(InferenceSession session, int batch, int length)
    {
        long[] shape = [batch, length];
        var ids = Enumerable.Range(0, batch * length).Select(i => 1000L + i % 20000).ToArray();
        var mask = Enumerable.Repeat(1L, batch * length).ToArray();
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        string[] names = ["input_ids", "attention_mask", "token_type_ids"];
        OrtValue[] inputs = [idsValue, maskValue, types];
        using var options = new RunOptions();
        using (session.Run(options, names, inputs, ["last_hidden_state"])) { }
        var clock = Stopwatch.StartNew();
        var runs = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(2) || runs < 2)
        {
            using (session.Run(options, names, inputs, ["last_hidden_state"])) { }
            runs++;
        }
        return runs * (double)batch * length / clock.Elapsed.TotalSeconds;
    }

    private static (double TokensPerSecond, double ChunksPerSecond) InProcess(EncoderModel model, EncoderRuntime runtime, IReadOnlyList<string> texts)
    {
        using var encoder = new OnnxSentenceEmbedder(model, runtime);
        encoder.Encode(texts.Take(8).ToList());
        var clock = Stopwatch.StartNew();
        var encoded = encoder.Encode(texts);
        var seconds = clock.Elapsed.TotalSeconds;
        return (encoded.Sum(e => e.Tokens) / seconds, texts.Count / seconds);
    }

    private async Task<(double TokensPerSecond, double ChunksPerSecond)> WorkerAsync(BeirDataset dataset, CancellationToken ct)
    {
        var schema = BenchSchema.NewName("embed");
        var overrides = BenchSchema.WorkerRun(schema, settings.ChunkTokens);
        overrides["Embedding:Model"] = settings.Model;
        var connection = CliHost.Configuration(overrides).GetConnectionString("Postgres")!;
        using var host = await CliHost.StartAsync(HostRoles.Worker | HostRoles.Api, overrides, ct);
        try
        {
            var documents = await BeirCorpusLoader.IngestAsync(host.Services, dataset, new EventMetadata("bench", "cli:bench", "bench-embed"), ct);
            await BeirCorpusLoader.WaitForWorkerAsync(host.Services, "bench", documents.Values.Distinct().Count(), ct);
            // The stage's busy window: from the first chunking it could start on to the last version it marked indexed.
            var seconds = await BenchSchema.ScalarAsync(connection,
                $"select (extract(epoch from max(timestamp) filter (where type = 'document_indexed') - min(timestamp) filter (where type = 'document_chunked')) * 1000)::bigint from {schema}.mt_events", ct) / 1000.0;
            var tokens = await BenchSchema.ScalarAsync(connection, $"select coalesce(sum(tokens), 0) from {schema}.chunk_vectors", ct);
            var chunks = await BenchSchema.ScalarAsync(connection, $"select count(*) from {schema}.chunk_vectors", ct);
            return (tokens / seconds, chunks / seconds);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            await BenchSchema.DropAsync(connection, schema);
        }
    }
}
