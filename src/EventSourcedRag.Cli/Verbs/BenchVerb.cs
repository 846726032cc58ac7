using System.CommandLine;
using EventSourcedRag.Cli.Benchmarking;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Cli.Verbs;

public static class BenchVerb
{
    public static Command Create() => new("bench", "Benchmarks that print figures (results are recorded in docs/benchmarks.md).") { Retrieval(), Projections() };

    private static Command Retrieval()
    {
        var dataset = new Option<string>("--dataset") { Description = "Folder in BEIR layout", Required = true };
        var split = new Option<string>("--split") { Description = "qrels split whose queries are measured", DefaultValueFactory = _ => "test" };
        var fitSplit = new Option<string?>("--fit-split") { Description = "Fit the linear reranker's weights on this split first (e.g. train)" };
        var fitFeatures = new Option<string?>("--fit-features") { Description = "Comma-separated features the fit may weight besides 'fused' (default: all)" };
        var repeats = new Option<int>("--repeats") { Description = "Runs per timing; medians are reported", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print every figure as one JSON object on the last line" };
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
}
