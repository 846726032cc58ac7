using System.CommandLine;
using EventSourcedRag.Learning.Collections;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>Generated test collections for the learning benchmarks (docs/learning.md).</summary>
public static class DatasetVerb
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the collection to (BEIR layout)", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same bytes", DefaultValueFactory = _ => 1 };
        var concepts = new Option<int>("--concepts") { Description = "Topics (each with 5 documents, 10 training and 4 test questions)", DefaultValueFactory = _ => 40 };
        var bridge = new Option<double>("--bridge-rate") { Description = "Share of training questions that also use one document word", DefaultValueFactory = _ => 0.3 };
        var mismatch = new Command("mismatch", "Write a vocabulary-mismatch collection: users and documents name each topic with different made-up words,\n" +
                                               "and test questions pair user words never asked together in training.\n" +
                                               "Example: esrag dataset mismatch --out /tmp/mismatch --seed 1 && esrag loop --dataset /tmp/mismatch --seeds 7,8,9")
            { output, seed, concepts, bridge };
        mismatch.SetAction(parse =>
        {
            var options = new MismatchCollectionOptions(Concepts: parse.GetValue(concepts), BridgeRate: parse.GetValue(bridge));
            var collection = MismatchCollection.Generate(parse.GetValue(seed), options);
            var folder = parse.GetValue(output)!;
            MismatchCollection.Write(collection, folder);
            AnsiConsole.MarkupLine(Markup.Escape($"{folder}: {collection.Corpus.Count} documents, {collection.Train.Count} training and {collection.Test.Count} test questions."));
            return 0;
        });
        return new Command("dataset", "Generated test collections.") { mismatch };
    }
}
