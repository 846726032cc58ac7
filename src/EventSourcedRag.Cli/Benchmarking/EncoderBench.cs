using System.Diagnostics;
using System.Text.Json;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Retrieval.Search;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// Compares dense encoders on BEIR collections in process: each model embeds every chunk once (timed), then BM25,
/// dense and hybrid rankings are scored on the measured split. The hybrid's dense weight is tuned per model on the
/// tuning split (SciFact train) and the same weight is used on every measured collection, so no test query
/// influences a setting. Query embedding latency is measured cold (no cache) on the measured queries.
/// </summary>
public sealed class EncoderBench(EncoderBenchSettings settings)
{
    private static readonly double[] WeightGrid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0];
    private readonly List<Dictionary<string, object>> _rows = [];

    public void Run()
    {
        var tuning = BeirDataset.Load(settings.TuneDataset, settings.TuneSplit);
        var table = new Table().Title($"Dense encoders, {settings.Split} split (nDCG@10; hybrid weight tuned on {tuning.Name} {settings.TuneSplit})")
            .AddColumns("model", "dataset", "chunks", "embed s", "chunks/s", "bm25", "dense", "hybrid@0.4", "weight", "hybrid@tuned", "query p50 ms", "query p95 ms");
        foreach (var model in settings.Models)
        {
            using var encoder = Load(model);
            var tuned = new InProcessCorpus(tuning, RetrievalSettings.Default, settings.ChunkTokens, encoder);
            tuned.Collection.Search(new SearchRequest(tuning.Queries[0].Text, 1, Retrieval.Fusion.FusionMethod.Weighted, SearchFilter.None, Mode: RetrieverMode.Dense));
            tuned.Collection.DenseSettled.Wait(); // a corpus-fitted encoder of a large corpus is fitted in the background
            var weight = encoder is null ? 0.4 : Tune(tuned);
            foreach (var path in settings.Datasets)
            {
                var dataset = BeirDataset.Load(path, settings.Split);
                var corpus = Path.GetFullPath(path) == Path.GetFullPath(settings.TuneDataset)
                    ? tuned.WithQueries(dataset)
                    : new InProcessCorpus(dataset, RetrievalSettings.Default, settings.ChunkTokens, encoder);
                corpus.Collection.Search(new SearchRequest(dataset.Queries[0].Text, 1, Retrieval.Fusion.FusionMethod.Weighted, SearchFilter.None, Mode: RetrieverMode.Dense));
                corpus.Collection.DenseSettled.Wait();
                var row = Measure(model, encoder, corpus, weight);
                _rows.Add(row);
                table.AddRow(model, dataset.Name, $"{row["chunks"]}", $"{row["embed_seconds"]:F1}", $"{row["chunks_per_second"]:F1}", F(row["bm25_ndcg@10"]), F(row["dense_ndcg@10"]),
                    F(row["hybrid_default_ndcg@10"]), $"{weight}", F(row["hybrid_tuned_ndcg@10"]), $"{row["query_embed_ms_p50"]:F2}", $"{row["query_embed_ms_p95"]:F2}");
            }
        }
        AnsiConsole.Write(table);
        if (settings.Json) Console.Out.WriteLine(JsonSerializer.Serialize(new { device = settings.Device, chunk_tokens = settings.ChunkTokens, runs = _rows }));
    }

    private OnnxSentenceEmbedder? Load(string model)
    {
        if (model == EmbeddingOptions.Lsa) return null;
        var options = new EmbeddingOptions { Model = model, MaxLength = settings.MaxLength, Device = settings.Device, QueryCacheSize = 0 };
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));
        var encoder = new OnnxSentenceEmbedder(options.LoadModel()!, options.Runtime());
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(encoder.Version)}[/] on {encoder.Device}");
        return encoder;
    }

    private double Tune(InProcessCorpus corpus)
    {
        var best = WeightGrid.Select(w => (Weight: w, Ndcg: Ndcg(corpus, RetrieverMode.Hybrid, w))).OrderByDescending(p => p.Ndcg).ThenBy(p => p.Weight).First();
        AnsiConsole.MarkupLine($"Tuned on {corpus.Dataset.Name}: dense weight {best.Weight} (nDCG@10 {best.Ndcg:F4} on the tuning queries)");
        return best.Weight;
    }

    private static Dictionary<string, object> Measure(string model, OnnxSentenceEmbedder? encoder, InProcessCorpus corpus, double weight)
    {
        var latencies = new List<double>();
        if (encoder is not null)
            foreach (var q in corpus.Dataset.Queries)
            {
                var clock = Stopwatch.StartNew();
                encoder.EmbedQuery(q.Text);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        latencies.Sort();
        return new Dictionary<string, object>
        {
            ["model"] = encoder?.Version ?? model,
            ["dataset"] = corpus.Dataset.Name,
            ["queries"] = corpus.Dataset.Queries.Count,
            ["chunks"] = corpus.Collection.Count,
            ["embed_seconds"] = Math.Round(corpus.EmbedSeconds, 2),
            ["chunks_per_second"] = corpus.EmbedSeconds > 0 ? Math.Round(corpus.Collection.Count / corpus.EmbedSeconds, 1) : 0.0,
            ["bm25_ndcg@10"] = Ndcg(corpus, RetrieverMode.Bm25, null),
            ["dense_ndcg@10"] = Ndcg(corpus, RetrieverMode.Dense, null),
            ["hybrid_default_ndcg@10"] = Ndcg(corpus, RetrieverMode.Hybrid, 0.4),
            ["dense_weight"] = weight,
            ["hybrid_tuned_ndcg@10"] = Ndcg(corpus, RetrieverMode.Hybrid, weight),
            ["hybrid_tuned_recall@100"] = Metric(corpus, RetrieverMode.Hybrid, weight, (r, j) => RankingMetrics.RecallAt(r, j, 100)),
            ["query_embed_ms_p50"] = latencies.Count == 0 ? 0.0 : Math.Round(EvalRunner.Percentile(latencies, 0.5), 3),
            ["query_embed_ms_p95"] = latencies.Count == 0 ? 0.0 : Math.Round(EvalRunner.Percentile(latencies, 0.95), 3),
        };
    }

    private static double Ndcg(InProcessCorpus corpus, RetrieverMode mode, double? weight) =>
        Metric(corpus, mode, weight, (r, j) => RankingMetrics.NdcgAt(r, j, 10));

    private static double Metric(InProcessCorpus corpus, RetrieverMode mode, double? weight, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, int>, double> metric) =>
        Math.Round(corpus.Dataset.Queries.Average(q => metric(corpus.RankedDocuments(corpus.Search(q.Text, mode, 100, denseWeight: weight)), corpus.Dataset.Qrels[q.Id])), 4);

    private static string F(object value) => $"{(double)value:F4}";
}
