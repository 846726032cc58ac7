using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Cli.Benchmarking;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Cli.Verbs;

public static class BenchVerb
{
    public static Command Create() => new("bench", "Benchmarks that print figures (results are recorded in docs/benchmarks.md).") { Retrieval(), Encoders(), Embed(), Projections(), Load() };

    private static Command Retrieval()
    {
        var dataset = new Option<string>("--dataset") { Description = "Folder in BEIR layout", Required = true };
        var split = new Option<string>("--split") { Description = "qrels split whose queries are measured", DefaultValueFactory = _ => "test" };
        var fitSplit = new Option<string?>("--fit-split") { Description = "Fit the linear reranker's weights on this split first (e.g. train)" };
        var fitFeatures = new Option<string?>("--fit-features") { Description = "Comma-separated features the fit may weight besides 'fused' (default: all)" };
        var repeats = new Option<int>("--repeats") { Description = "Runs per timing; medians are reported", DefaultValueFactory = _ => 3 };
        var json = CliJson.Option("every figure");
        var command = new Command("retrieval", "In-process retrieval benchmark: quality and latency per retriever, snapshot load vs rebuild, HNSW recall.\n" +
                                               "Example: esrag bench retrieval --dataset ../shared/data/beir/scifact --fit-split train")
        {
            dataset, split, fitSplit, fitFeatures, repeats, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(repeats) is < 1 or > 50) throw new ArgumentException("--repeats must be between 1 and 50.");
            if (parse.GetValue(fitSplit) is { } fit && fit == parse.GetValue(split)) throw new ArgumentException("--fit-split must differ from --split: fitting on the measured queries would flatter the reranker.");
            var features = (parse.GetValue(fitFeatures) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (features.FirstOrDefault(f => RankingFeatures.IndexOf(f) < 0) is { } unknown)
                throw new ArgumentException($"--fit-features: unknown feature '{unknown}'; known: {string.Join(", ", RankingFeatures.Names)}.");
            new RetrievalBench(new BenchSettings(parse.GetValue(dataset)!, parse.GetValue(split)!, parse.GetValue(fitSplit), features, parse.GetValue(repeats), parse.GetValue(json))).Run();
            return 0;
        });
        return command;
    }

    private static Command Encoders()
    {
        var datasets = new Option<string>("--datasets") { Description = "Comma-separated folders in BEIR layout to measure", Required = true };
        var split = new Option<string>("--split") { Description = "qrels split whose queries are measured", DefaultValueFactory = _ => "test" };
        var tune = new Option<string>("--tune-dataset") { Description = "Collection whose --tune-split tunes each model's dense fusion weight", Required = true };
        var tuneSplit = new Option<string>("--tune-split") { Description = "Split that tunes the weight; never the measured one", DefaultValueFactory = _ => "train" };
        var models = new Option<string>("--models") { Description = "Comma-separated encoders: arctic-embed-xs, all-MiniLM-L6-v2, lsa", DefaultValueFactory = _ => "arctic-embed-xs,all-MiniLM-L6-v2,lsa" };
        var chunkTokens = new Option<int>("--chunk-tokens") { Description = "Chunk size in words, as eval's", DefaultValueFactory = _ => 512 };
        var maxLength = new Option<int>("--max-length") { Description = "Tokens per text (0: each model's own)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var json = CliJson.Option("every figure");
        var command = new Command("encoders", "Dense encoders compared in process: embedding time, BM25/dense/hybrid nDCG@10, fusion weight tuned on a training split, query embedding latency.\n" +
                                              "Example: esrag bench encoders --datasets ../shared/data/beir/scifact,../shared/data/beir/cranfield --tune-dataset ../shared/data/beir/scifact")
        {
            datasets, split, tune, tuneSplit, models, chunkTokens, maxLength, device, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(tune) == null || (parse.GetValue(tuneSplit) == parse.GetValue(split) && parse.GetValue(datasets)!.Contains(parse.GetValue(tune)!)))
                throw new ArgumentException("--tune-split must differ from --split on a measured collection: tuning on the measured queries would flatter the hybrid.");
            var list = (string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            new EncoderBench(new EncoderBenchSettings(list(parse.GetValue(datasets)!), parse.GetValue(split)!, parse.GetValue(tune)!, parse.GetValue(tuneSplit)!,
                list(parse.GetValue(models)!), parse.GetValue(chunkTokens), parse.GetValue(maxLength), parse.GetValue(device)!, parse.GetValue(json))).Run();
            return 0;
        });
        return command;
    }

    private static Command Embed()
    {
        var dataset = new Option<string>("--dataset") { Description = "Folder in BEIR layout whose documents are embedded", Required = true };
        var documents = new Option<int>("--docs") { Description = "Documents taken from the corpus", DefaultValueFactory = _ => 500 };
        var model = new Option<string>("--model") { Description = "Pretrained encoder: all-MiniLM-L6-v2 or arctic-embed-xs", DefaultValueFactory = _ => "all-MiniLM-L6-v2" };
        var chunkTokens = new Option<int>("--chunk-tokens") { Description = "Chunk size in words, as eval's", DefaultValueFactory = _ => 512 };
        var queryThreads = new Option<string>("--query-threads") { Description = "Query sessions measured side by side: intra-op threads each, 0 for the documents' session", DefaultValueFactory = _ => "0,1" };
        var queriesOnly = new Option<bool>("--queries-only") { Description = "Measure query embedding only, not throughput" };
        var json = CliJson.Option("every figure");
        var command = new Command("embed", "Embedding throughput side by side: a bare ONNX Runtime session (the ceiling), the encoder in process, and the worker's embedding stage end to end.\n" +
                                           "Example: esrag bench embed --dataset ../shared/data/beir/scifact --docs 500")
        {
            dataset, documents, model, chunkTokens, queryThreads, queriesOnly, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(documents) is < 1 or > 1_000_000) throw new ArgumentException("--docs must be between 1 and 1,000,000.");
            var threads = parse.GetValue(queryThreads)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToList();
            if (threads.Count == 0 || threads.Any(t => t is < 0 or > 256)) throw new ArgumentException("--query-threads must list thread counts from 0 to 256.");
            await new EmbeddingBench(new EmbeddingBenchSettings(parse.GetValue(dataset)!, parse.GetValue(documents), parse.GetValue(model)!, parse.GetValue(chunkTokens), parse.GetValue(json),
                threads, parse.GetValue(queriesOnly))).RunAsync(ct);
            return 0;
        });
        return command;
    }

    private static Command Projections()
    {
        var events = new Option<int>("--events") { Description = "Synthetic events to append before the rebuild", DefaultValueFactory = _ => 1_000_000 };
        var seconds = new Option<int>("--load-seconds") { Description = "How long feedback is appended while lag is sampled", DefaultValueFactory = _ => 30 };
        var rate = new Option<int>("--feedback-per-second") { Description = "Feedback events appended per second during the load", DefaultValueFactory = _ => 1000 };
        var keep = new Option<bool>("--keep") { Description = "Keep the benchmark schema" };
        var command = new Command("projections", "Read-model benchmark in a fresh schema: rebuild throughput over synthetic traffic, live lag under sustained feedback.\n" +
                                                 "Example: esrag bench projections --events 1000000 --load-seconds 30 --feedback-per-second 1000")
        {
            events, seconds, rate, keep,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(events) is < 1000 or > 50_000_000) throw new ArgumentException("--events must be between 1,000 and 50,000,000.");
            if (parse.GetValue(seconds) is < 1 or > 3600 || parse.GetValue(rate) is < 10 or > 100_000)
                throw new ArgumentException("--load-seconds must be 1 to 3600 and --feedback-per-second 10 to 100,000.");
            await new ProjectionBench(new ProjectionBenchSettings(parse.GetValue(events), parse.GetValue(seconds), parse.GetValue(rate), parse.GetValue(keep))).RunAsync(ct);
            return 0;
        });
        return command;
    }

    private static Command Load()
    {
        var sizes = new Option<string>("--chunks") { Description = "Index sizes to measure, comma-separated", DefaultValueFactory = _ => "10000,100000" };
        var seconds = new Option<int>("--seconds") { Description = "Length of each timed HTTP run", DefaultValueFactory = _ => 20 };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients for the latency run", DefaultValueFactory = _ => 4 };
        var saturation = new Option<int>("--saturation-clients") { Description = "Concurrent clients for the throughput run", DefaultValueFactory = _ => 32 };
        var feedbackClients = new Option<int>("--feedback-clients") { Description = "Concurrent clients posting feedback", DefaultValueFactory = _ => 64 };
        var batchSize = new Option<int>("--feedback-batch") { Description = "Signals per POST /v1/feedback/batch in the batch run (0: none)", DefaultValueFactory = _ => 100 };
        var batchClients = new Option<int>("--feedback-batch-clients") { Description = "Concurrent clients posting feedback batches", DefaultValueFactory = _ => 16 };
        var encoders = new Option<string>("--encoders")
        {
            Description = "Dense encoders measured side by side at each size: lsa, or a pretrained one (its vectors stored beforehand: stand-ins near the model's real vectors of a few hundred texts, not of each chunk); a suffix @qN sets Embedding:QueryThreads",
            DefaultValueFactory = _ => "lsa",
        };
        var noFeedback = new Option<bool>("--no-feedback") { Description = "Skip the feedback phase" };
        var restart = new Option<bool>("--restart") { Description = "End each size with a restart from an index snapshot, timed" };
        var json = CliJson.Option("every figure");
        var command = new Command("load", "Load benchmark of the API over loopback HTTP at several index sizes: index build time and memory per chunk, ranking and\n" +
                                          "end-to-end query latency and QPS, feedback acknowledged per second beside the binary COPY ceiling.\n" +
                                          "Example: esrag bench load --chunks 10000,100000,1000000 --seconds 20")
        {
            sizes, seconds, clients, saturation, feedbackClients, batchSize, batchClients, encoders, noFeedback, restart, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var parsed = parse.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, out var n) && n is >= 100 and <= 5_000_000 ? n : throw new ArgumentException($"--chunks: '{s}' is not a size from 100 to 5,000,000.")).ToList();
            if (parsed.Count == 0) throw new ArgumentException("--chunks needs at least one size.");
            if (parse.GetValue(seconds) is < 1 or > 3600) throw new ArgumentException("--seconds must be 1 to 3600.");
            if (new[] { parse.GetValue(clients), parse.GetValue(saturation), parse.GetValue(feedbackClients), parse.GetValue(batchClients) }.Any(c => c is < 1 or > 1024))
                throw new ArgumentException("Client counts must be 1 to 1024.");
            if (parse.GetValue(batchSize) is < 0 or > 500) throw new ArgumentException("--feedback-batch must be 0 to 500 (Feedback:MaxBatchSignals).");
            await new LoadBench(new LoadBenchSettings(parsed, parse.GetValue(seconds), parse.GetValue(clients), parse.GetValue(saturation), parse.GetValue(feedbackClients), parse.GetValue(json),
                parse.GetValue(batchSize), parse.GetValue(batchClients), parse.GetValue(encoders)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                !parse.GetValue(noFeedback), parse.GetValue(restart))).RunAsync(ct);
            return 0;
        });
        return command;
    }
}
