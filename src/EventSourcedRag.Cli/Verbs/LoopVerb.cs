using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Cli.Learning;
using EventSourcedRag.Learning.Simulation;

namespace EventSourcedRag.Cli.Verbs;

public static class LoopVerb
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Folder in BEIR layout with qrels/train.tsv (traffic) and qrels/test.tsv (measured only)", Required = true };
        var cycles = new Option<int>("--cycles") { Description = "Simulate → train → gate → deploy cycles", DefaultValueFactory = _ => 3 };
        var sessions = new Option<int>("--sessions-per-cycle") { Description = "Simulated user sessions per cycle", DefaultValueFactory = _ => 2000 };
        var noise = new Option<double>("--noise") { Description = "Share of random clicks and of judgements drawn against the truth", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated users and of the query split", DefaultValueFactory = _ => 7 };
        var seeds = new Option<string?>("--seeds") { Description = "Run once per seed (comma-separated, e.g. 7,8,9) and report each run with the mean and spread; replaces --seed" };
        var examination = new Option<double>("--examination") { Description = "Exponent η of the examination curve min(1, rank^-η)", DefaultValueFactory = _ => 1.0 };
        var validation = new Option<double>("--validation-share") { Description = "Share of training-split queries kept from traffic as the gate's benchmark split", DefaultValueFactory = _ => 0.2 };
        var json = CliJson.Option("the report");
        var keep = new Option<bool>("--keep") { Description = "Keep the experiment's schema instead of dropping it" };
        var noAdapter = new Option<bool>("--no-query-adapter") { Description = "Train only the reranker each cycle (an ablation of the query adapter)" };
        var noExpansion = new Option<bool>("--no-query-expansion") { Description = "Do not train the query expansion (an ablation of learned query understanding)" };
        var exploration = new Option<double>("--exploration")
        {
            Description = "Share of served responses that show one candidate from below the cut (0: exploration off)", DefaultValueFactory = _ => 0.1,
        };
        var command = new Command("loop", "The closed-loop experiment: simulated users on the training queries, train, gate, deploy; measured on the test split after each cycle.\n" +
                                          "Example: esrag loop --dataset ../shared/data/beir/scifact --cycles 3 --json")
        {
            dataset, cycles, sessions, noise, seed, seeds, examination, validation, json, keep, noAdapter, noExpansion, exploration,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new LoopSettings(parse.GetValue(dataset)!, parse.GetValue(cycles), parse.GetValue(sessions), parse.GetValue(noise),
                parse.GetValue(seed), parse.GetValue(examination), parse.GetValue(validation), parse.GetValue(keep), !parse.GetValue(noAdapter), !parse.GetValue(noExpansion),
                parse.GetValue(exploration));
            if (settings.Cycles is < 1 or > 50) throw new ArgumentException("--cycles must be between 1 and 50.");
            if (settings.SessionsPerCycle is < 10 or > 1_000_000) throw new ArgumentException("--sessions-per-cycle must be between 10 and 1000000.");
            if (settings.Exploration is < 0 or > 0.5) throw new ArgumentException("--exploration must be between 0 and 0.5.");
            if (settings.ValidationShare is < 0.05 or > 0.5) throw new ArgumentException("--validation-share must be between 0.05 and 0.5.");
            var problems = new ClickModelOptions { Noise = settings.Noise, ExaminationExponent = settings.ExaminationExponent }.Validate().ToList();
            if (problems.Count > 0) throw new ArgumentException("--noise/--examination: " + problems[0] + ".");
            if (parse.GetValue(seeds) is not { } list)
            {
                var report = await new LoopRunner(settings).RunAsync(ct);
                LoopRunner.Print(report, parse.GetValue(json));
                return 0;
            }
            var runs = new List<LoopReport>();
            foreach (var s in ParseSeeds(list))
            {
                runs.Add(await new LoopRunner(settings with { Seed = s }).RunAsync(ct));
                LoopRunner.Print(runs[^1], json: false);
            }
            LoopRunner.Print(LoopSeedsReport.Of(runs), parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<int> ParseSeeds(string list)
    {
        var parts = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var seeds = parts.Select(p => int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException($"--seeds: '{p}' is not a whole number.")).ToList();
        if (seeds.Count is < 1 or > 20) throw new ArgumentException("--seeds must name 1 to 20 seeds.");
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException("--seeds names a seed twice.");
        return seeds;
    }
}
