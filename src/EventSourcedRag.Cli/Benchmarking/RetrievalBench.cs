using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Ranking;
using EventSourcedRag.Retrieval.Analysis;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// In-process retrieval benchmark on a BEIR collection: quality and latency of every retriever mode (with an
/// optionally re-fitted reranker), index snapshot write and load against a rebuild, and the HNSW graph's
/// recall against exact search. All timings are medians of <see cref="BenchSettings.Repeats"/> runs taken side by side.
/// </summary>
public sealed class RetrievalBench(BenchSettings settings)
{
    private readonly Dictionary<string, object> _figures = [];

    public void Run()
    {
        var dataset = BeirDataset.Load(settings.Dataset, settings.Split);
        var builds = new List<double>();
        InProcessCorpus corpus = null!;
        for (var i = 0; i < settings.Repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            corpus = new InProcessCorpus(dataset, RetrievalSettings.Default);
            corpus.Search(dataset.Queries[0].Text, RetrieverMode.Hybrid, 10); // fits the dense encoder
            builds.Add(clock.Elapsed.TotalSeconds);
        }
        AnsiConsole.MarkupLine($"[bold]{dataset.Name}[/] ({settings.Split}): {dataset.Corpus.Count} documents, {corpus.Collection.Count} chunks, {dataset.Queries.Count} queries; index build median {Median(builds):F2} s");
        _figures["dataset"] = dataset.Name;
        _figures["chunks"] = corpus.Collection.Count;
        _figures["build_seconds"] = Math.Round(Median(builds), 3);

        var reranker = new LinearReranker(LinearReranker.DefaultWeights);
        if (settings.FitSplit is { } fitSplit) reranker = FitReranker(corpus, BeirDataset.Load(settings.Dataset, fitSplit));
        Quality(corpus, reranker);
        Snapshot(corpus, Median(builds));
        Vectors(corpus);
        if (settings.Json) Console.Out.WriteLine(JsonSerializer.Serialize(_figures));
    }

    private LinearReranker FitReranker(InProcessCorpus corpus, BeirDataset training)
    {
        var queries = new List<RankingQuery>();
        foreach (var q in training.Queries)
        {
            var hits = corpus.Search(q.Text, RetrieverMode.Hybrid, 100, withFeatures: true).Hits;
            var judged = training.Qrels[q.Id];
            var firstPerDocument = hits.GroupBy(h => h.Chunk.DocumentId).Select(g => g.First()).ToList();
            var grades = firstPerDocument.Select(h => judged.GetValueOrDefault(corpus.BeirId(h.Chunk.DocumentId))).ToList();
            if (grades.All(g => g <= 0)) continue; // no order of these candidates changes this query's score
            queries.Add(new RankingQuery(firstPerDocument.Select(h => h.Features!).ToList(), grades, RankingQuery.IdealDcgAt(judged.Values, 10)));
        }
        var start = new double[RankingFeatures.Count];
        start[RankingFeatures.IndexOf("fused")] = 1;
        var trainer = new CoordinateAscent();
        var frozen = settings.FitFeatures.Count == 0 ? [] : RankingFeatures.Names.Select((n, i) => (n, i)).Where(p => !settings.FitFeatures.Contains(p.n) && p.n != "fused").Select(p => p.i).ToHashSet();
        var clock = Stopwatch.StartNew();
        var fit = trainer.Train(queries, start, frozen);
        AnsiConsole.MarkupLine($"Reranker fitted on the {queries.Count} of {training.Queries.Count} {Markup.Escape(settings.FitSplit!)} queries with a relevant candidate, in {clock.Elapsed.TotalSeconds:F1} s, " +
                               $"{fit.Rounds} rounds: training nDCG@10 {trainer.Objective(queries, start):F4} -> {fit.TrainingNdcg:F4}");
        var weights = RankingFeatures.Names.Select((n, i) => (n, w: fit.Weights[i])).Where(p => p.w != 0).ToDictionary(p => p.n, p => Math.Round(p.w, 6));
        AnsiConsole.MarkupLine("Weights: " + Markup.Escape(JsonSerializer.Serialize(weights)));
        _figures["fitted_weights"] = weights;
        _figures["fit_queries"] = queries.Count;
        return new LinearReranker(weights);
    }

    private void Quality(InProcessCorpus corpus, LinearReranker reranker)
    {
        var table = new Table().Title("Quality and latency (retrieval + fusion + rerank, one thread, warm)")
            .AddColumns("retriever", "nDCG@10", "MRR@10", "Recall@10", "Recall@100", "p50 ms", "p95 ms");
        foreach (var mode in (RetrieverMode[])[RetrieverMode.Bm25, RetrieverMode.Dense, RetrieverMode.Hybrid, RetrieverMode.Full])
        {
            var ranked = new List<(string Query, List<string> Docs)>();
            var latencies = new List<double>();
            for (var run = 0; run < settings.Repeats; run++)
                foreach (var q in corpus.Dataset.Queries)
                {
                    var result = corpus.Search(q.Text, mode, 100, mode == RetrieverMode.Full ? reranker : null);
                    latencies.Add(result.RetrieveMs + result.FuseMs + result.RerankMs);
                    if (run == 0) ranked.Add((q.Id, corpus.RankedDocuments(result)));
                }
            double Mean(Func<IReadOnlyList<string>, IReadOnlyDictionary<string, int>, double> metric) =>
                ranked.Average(r => metric(r.Docs, corpus.Dataset.Qrels[r.Query]));
            var name = mode.ToString().ToLowerInvariant();
            var ndcg = Mean((r, j) => RankingMetrics.NdcgAt(r, j, 10));
            latencies.Sort();
            _figures[$"{name}_ndcg@10"] = Math.Round(ndcg, 4);
            _figures[$"{name}_latency_ms_p95"] = Math.Round(EvalRunner.Percentile(latencies, 0.95), 3);
            table.AddRow(name + (mode == RetrieverMode.Full ? $" ({reranker.Version})" : ""), F(ndcg), F(Mean((r, j) => RankingMetrics.MrrAt(r, j, 10))),
                F(Mean((r, j) => RankingMetrics.RecallAt(r, j, 10))), F(Mean((r, j) => RankingMetrics.RecallAt(r, j, 100))),
                F(EvalRunner.Percentile(latencies, 0.5), 3), F(EvalRunner.Percentile(latencies, 0.95), 3));
        }
        AnsiConsole.Write(table);
    }

    private void Snapshot(InProcessCorpus corpus, double buildSeconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"esrag-bench-{Guid.NewGuid():N}.idx");
        try
        {
            var (writes, loads) = (new List<double>(), new List<double>());
            for (var i = 0; i < settings.Repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                using (var w = new BinaryWriter(File.Create(path))) corpus.Collection.Write(w);
                writes.Add(clock.Elapsed.TotalSeconds);
                clock.Restart();
                using var r = new BinaryReader(File.OpenRead(path));
                var loaded = ChunkCollection.Read(r, corpus.Collection.Settings, null);
                loaded.Search(new SearchRequest(corpus.Dataset.Queries[0].Text, 10, Retrieval.Fusion.FusionMethod.Weighted, SearchFilter.None));
                loads.Add(clock.Elapsed.TotalSeconds);
            }
            var bytes = new FileInfo(path).Length;
            AnsiConsole.MarkupLine($"Snapshot: {bytes / 1048576.0:F1} MiB, write median {Median(writes):F2} s, load + first query median {Median(loads):F2} s " +
                                   $"vs rebuild {buildSeconds:F2} s ({buildSeconds / Median(loads):F1}x faster)");
            _figures["snapshot_mib"] = Math.Round(bytes / 1048576.0, 2);
            _figures["snapshot_write_seconds"] = Math.Round(Median(writes), 3);
            _figures["snapshot_load_seconds"] = Math.Round(Median(loads), 3);
        }
        finally { File.Delete(path); }
    }

    private void Vectors(InProcessCorpus corpus)
    {
        var analyzer = new EnglishAnalyzer();
        var chunks = corpus.Collection.Snapshot();
        var terms = chunks.Select(c => (IReadOnlyList<string>)analyzer.Analyze(c.Title + "\n" + c.Text).ToArray()).ToList();
        var encoder = LsaEncoder.Fit(terms, corpus.Collection.Settings.Lsa);
        var vectors = terms.Select(encoder.EmbedTerms).ToList();
        var slots = Enumerable.Range(0, vectors.Count).ToList();
        var exact = new ExactVectorIndex(encoder.Dimensions);
        for (var slot = 0; slot < vectors.Count; slot++) exact.Set(slot, vectors[slot]);
        // One insertion at a time (what a live document does) and in parallel batches (what a rebuild does).
        var clock = Stopwatch.StartNew();
        var sequential = new HnswIndex(encoder.Dimensions, corpus.Collection.Settings.HnswOrDefault);
        for (var slot = 0; slot < vectors.Count; slot++) sequential.Add(slot, vectors[slot]);
        var sequentialSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var graph = new HnswIndex(encoder.Dimensions, corpus.Collection.Settings.HnswOrDefault);
        graph.SetMany(slots, vectors);
        var graphSeconds = clock.Elapsed.TotalSeconds;
        var queries = corpus.Dataset.Queries.Select(q => encoder.EmbedTerms(analyzer.Analyze(q.Text))).ToList();
        var (exactMs, graphMs) = (new List<double>(), new List<double>());
        var (recall, sequentialRecall) = (0.0, 0.0);
        for (var run = 0; run < settings.Repeats; run++)
            foreach (var q in queries)
            {
                clock.Restart();
                var truth = exact.Search(q, 10);
                exactMs.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                var found = graph.Search(q, 10);
                graphMs.Add(clock.Elapsed.TotalMilliseconds);
                if (run > 0) continue;
                recall += RecallOf(found, truth);
                sequentialRecall += RecallOf(sequential.Search(q, 10), truth);
            }
        recall /= queries.Count;
        sequentialRecall /= queries.Count;
        AnsiConsole.MarkupLine($"Vectors ({terms.Count} x {encoder.Dimensions}): HNSW build {graphSeconds:F2} s in parallel batches ({sequentialSeconds:F2} s one at a time), " +
                               $"recall@10 vs exact {recall:F3} ({sequentialRecall:F3} one at a time), " +
                               $"query median exact {Median(exactMs):F3} ms, HNSW {Median(graphMs):F3} ms, {graph.BytesPerVector} vs {encoder.Dimensions * 4} bytes per vector");
        _figures["hnsw_build_seconds"] = Math.Round(graphSeconds, 2);
        _figures["hnsw_build_seconds_one_at_a_time"] = Math.Round(sequentialSeconds, 2);
        _figures["hnsw_recall@10_one_at_a_time"] = Math.Round(sequentialRecall, 4);
        _figures["hnsw_recall@10"] = Math.Round(recall, 4);
        _figures["exact_query_ms_p50"] = Math.Round(Median(exactMs), 4);
        _figures["hnsw_query_ms_p50"] = Math.Round(Median(graphMs), 4);
    }

    private static double RecallOf(List<(int Slot, double Score)> found, List<(int Slot, double Score)> truth) =>
        truth.Count == 0 ? 1 : (double)found.Select(h => h.Slot).Intersect(truth.Select(h => h.Slot)).Count() / truth.Count;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string F(double x, int digits = 4) => x.ToString("F" + digits, CultureInfo.InvariantCulture);
}
