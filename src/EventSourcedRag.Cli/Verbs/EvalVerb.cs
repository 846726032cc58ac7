using System.CommandLine;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Search;

namespace EventSourcedRag.Cli.Verbs;

public static class EvalVerb
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Folder in BEIR layout (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)", Required = true };
        var split = new Option<string>("--split") { Description = "qrels split whose queries are evaluated", DefaultValueFactory = _ => "test" };
        var retriever = new Option<string>("--retriever") { Description = "bm25, dense, hybrid or full", DefaultValueFactory = _ => "hybrid" };
        var json = CliJson.Option("the metrics");
        var keep = new Option<bool>("--keep") { Description = "Keep the evaluation schema instead of dropping it" };
        var chunkTokens = new Option<int>("--chunk-tokens") { Description = "Chunk size in words for this run", DefaultValueFactory = _ => 512 };
        var command = new Command("eval", "Ingest a BEIR collection into a fresh schema through the real pipeline, run its judged queries, report nDCG@10, MRR@10, recall and latency.\n" +
                                          "Example: esrag eval --dataset ../shared/data/beir/scifact --retriever bm25 --json")
        {
            dataset, split, retriever, json, keep, chunkTokens,
        };
        command.SetAction(async (parse, ct) =>
        {
            var mode = parse.GetValue(retriever)!;
            if (RetrievalOptions.ParseRetriever(mode) is null) throw new ArgumentException("--retriever must be bm25, dense, hybrid or full.");
            if (parse.GetValue(chunkTokens) is < 16 or > 4096) throw new ArgumentException("--chunk-tokens must be between 16 and 4096.");
            var report = await new EvalRunner(new EvalSettings(parse.GetValue(dataset)!, parse.GetValue(split)!, mode.ToLowerInvariant(), parse.GetValue(keep), parse.GetValue(chunkTokens))).RunAsync(ct);
            EvalRunner.Print(report, parse.GetValue(json));
            return 0;
        });
        return command;
    }
}
