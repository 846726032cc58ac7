using System.CommandLine;
using EventSourcedRag.Cli.Benchmarking;
using EventSourcedRag.Retrieval.Ranking;

namespace EventSourcedRag.Cli.Verbs;

public static class BenchVerb
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Folder in BEIR layout", Required = true };
        var split = new Option<string>("--split") { Description = "qrels split whose queries are measured", DefaultValueFactory = _ => "test" };
        var fitSplit = new Option<string?>("--fit-split") { Description = "Fit the linear reranker's weights on this split first (e.g. train)" };
        var fitFeatures = new Option<string?>("--fit-features") { Description = "Comma-separated features the fit may weight besides 'fused' (default: all)" };
        var repeats = new Option<int>("--repeats") { Description = "Runs per timing; medians are reported", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print every figure as one JSON object on the last line" };
        var command = new Command("bench", "In-process retrieval benchmark: quality and latency per retriever, snapshot load vs rebuild, HNSW recall.\n" +
                                           "Example: esrag bench --dataset ../shared/data/beir/scifact --fit-split train")
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
}
