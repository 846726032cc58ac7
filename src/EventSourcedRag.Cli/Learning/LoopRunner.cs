using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Feedback;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Learning.Evaluation;
using EventSourcedRag.Learning.Simulation;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Learning;

/// <summary>
/// The closed-loop experiment on a BEIR collection. The corpus goes through the real pipeline into a fresh
/// schema; then each cycle simulated users play sessions on the training split's queries through the command
/// side, the log is folded into a training set, a reranker is trained and gated, and a validated one is deployed
/// and serves the next cycle. After every cycle the test split (never used for traffic) and the seen queries are
/// measured as they would be served. A slice of the training queries never gets traffic either: it is the gate's
/// benchmark split, so a candidate that is worse on unseen queries is not deployed.
/// </summary>
public sealed class LoopRunner(LoopSettings settings)
{
    private const string Tenant = "loop";
    private static readonly EventMetadata Admin = new(Tenant, "cli:loop", "loop");

    public async Task<LoopReport> RunAsync(CancellationToken ct)
    {
        var train = BeirDataset.Load(settings.Dataset, "train");
        var test = BeirDataset.Load(settings.Dataset, "test");
        var schema = $"loop_{Guid.NewGuid():N}"[..17];
        var overrides = new Dictionary<string, string?>
        {
            ["Storage:Schema"] = schema,
            ["Messaging:IngestQueue"] = schema + "-ingest",
            ["Messaging:TemporaryQueues"] = "true",
            ["Ingestion:ChunkTokens"] = "512",
            ["Ingestion:ChunkOverlapTokens"] = "64",
            ["Retrieval:Exploration:Share"] = settings.Exploration.ToString(CultureInfo.InvariantCulture),
        };
        if (settings.Exploration == 0) overrides["Retrieval:Exploration:UncertainShare"] = "0"; // off means off, aimed or not
        var connectionString = CliHost.Configuration(overrides).GetConnectionString("Postgres")!;
        using var host = await CliHost.StartAsync(HostRoles.All, overrides, ct);
        try
        {
            var services = host.Services;
            var clock = Stopwatch.StartNew();
            var documents = await BeirCorpusLoader.IngestAsync(services, train, Admin, ct);
            await BeirCorpusLoader.WaitForWorkerAsync(services, Tenant, documents.Values.Distinct().Count(), ct);
            await services.GetRequiredService<EventLogIndexFeeder>().WaitForAsync(await HeadAsync(services, ct), TimeSpan.FromMinutes(5), ct);
            var beirIds = documents.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).Order(StringComparer.Ordinal).ToList());
            var queries = services.GetRequiredService<QueryService>();
            queries.Rank(new QueryRequest(test.Queries[0].Text, 10, null, QueryFilters.None, null, null), Tenant); // fits the dense encoder
            var ingestSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);

            // The training split's queries: a validation slice for the gate, the rest for traffic ("seen" queries).
            var shuffled = train.Queries.OrderBy(q => q.Id, StringComparer.Ordinal).ToList();
            Shuffle(shuffled, new Random(settings.Seed));
            var validationCount = (int)Math.Round(shuffled.Count * settings.ValidationShare);
            var validation = new JudgedQueries("train-validation", shuffled[..validationCount], train.Qrels, queries, Tenant, beirIds);
            var traffic = shuffled[validationCount..];
            var seen = new JudgedQueries("train-seen", traffic, train.Qrels, queries, Tenant, beirIds);
            var held = new JudgedQueries("test", test.Queries, test.Qrels, queries, Tenant, beirIds);

            var baseline = Measure(held, seen);
            AnsiConsole.MarkupLine(Line("baseline", baseline));
            var serving = services.GetRequiredService<ServingStateFeeder>();
            var users = new ClickModel(new ClickModelOptions { Noise = settings.Noise, ExaminationExponent = settings.ExaminationExponent }, settings.Seed);
            var sessions = new SimulatedSessions(queries, services.GetRequiredService<FeedbackService>(), serving, services.GetRequiredService<UserHasher>(), users,
                train.Qrels, beirIds, Tenant, settings.Seed + 1);
            var cycles = new List<LoopCycle>();
            var current = baseline;
            for (var cycle = 1; cycle <= settings.Cycles; cycle++)
            {
                var cycleClock = Stopwatch.StartNew();
                var before = await HeadAsync(services, ct);
                await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Cycle {cycle}: simulating {settings.SessionsPerCycle} sessions", maxValue: settings.SessionsPerCycle);
                    await sessions.PlayAsync(traffic, settings.SessionsPerCycle, () => task.Increment(1), ct);
                });
                var events = await HeadAsync(services, ct) - before;
                var exploration = sessions.TakeExplorationCost();

                // First what changes which chunks are found at all (the expansion brings in documents without the
                // question's words, the adapter moves the dense query), then the reranker that orders what they found.
                var expansion = settings.QueryExpansion ? (await TrainAsync(services, ModelKinds.QueryExpansion, cycle, validation, ct)).Training : null;
                var adapter = settings.QueryAdapter ? (await TrainAsync(services, ModelKinds.QueryAdapter, cycle, validation, ct)).Training : null;
                var (reranker, outcome) = await TrainAsync(services, ModelKinds.Reranker, cycle, validation, ct);
                current = Measure(held, seen);
                var row = new LoopCycle(cycle, settings.SessionsPerCycle, events, outcome?.TrainingPairs ?? 0, reranker.Items, reranker.HeldOut,
                    reranker.Candidate, reranker.Gate, reranker.GateReason, reranker.Gate == "validated" ? reranker.Candidate : reranker.Serving,
                    current.Ndcg10, current.Mrr10, current.SeenMrr10, Math.Round(reranker.TrainSeconds + (adapter?.TrainSeconds ?? 0) + (expansion?.TrainSeconds ?? 0), 3),
                    Math.Round(cycleClock.Elapsed.TotalSeconds, 1), adapter, expansion, exploration);
                cycles.Add(row);
                AnsiConsole.MarkupLine(Line($"cycle {cycle}", current));
                AnsiConsole.MarkupLine(Markup.Escape($"  exploration: {exploration.Explored} of {exploration.Responses} responses explored, " +
                    $"{exploration.ExploredRelevant} showed a relevant document, {exploration.ClicksOnExplored} clicked; nDCG@10 lost per response {exploration.NdcgLossPerResponse:F4}"));
                if (expansion is not null) AnsiConsole.MarkupLine(Markup.Escape($"  expansion: {Describe(expansion)}"));
                if (adapter is not null) AnsiConsole.MarkupLine(Markup.Escape($"  adapter:  {Describe(adapter)}"));
                AnsiConsole.MarkupLine(Markup.Escape($"  reranker: {Describe(reranker)} ({row.TrainingPairs} pairs)"));
            }
            return new LoopReport(train.Name, settings, baseline, cycles, current,
                Round(Relative(current.Mrr10, baseline.Mrr10)), Round(Relative(current.SeenMrr10, baseline.SeenMrr10)), ingestSeconds);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (!settings.Keep) await BeirCorpusLoader.DropSchemaAsync(connectionString, schema);
            else AnsiConsole.MarkupLine($"[grey]kept schema {schema}[/]");
        }
    }

    private static string Describe(LoopTraining t) =>
        $"{t.Gate} {t.Candidate} ({t.Items}+{t.HeldOut} held out, train {t.TrainSeconds:F1} s), serving {t.Serving}: {t.GateReason}";

    // Trains one kind on the log so far, gated also on the benchmark split, deploys it if validated, and waits
    // until this host serves what the log says. Too little feedback to train on is a skipped step, not a failure.
    private static async Task<(LoopTraining Training, TrainingOutcome? Outcome)> TrainAsync(
        IServiceProvider services, string kind, int cycle, IBenchmarkSplit validation, CancellationToken ct)
    {
        TrainingOutcome outcome;
        try
        {
            outcome = await services.GetRequiredService<ModelTrainers>().TrainAsync(kind, Tenant, AsOf.Head, "cli:loop", ct, validation);
        }
        catch (InvalidOperationException ex)
        {
            var serving = services.GetRequiredService<ServingModels>().Deployed(Tenant, kind) ?? "default";
            return (new LoopTraining("none", "skipped", ex.Message, serving, 0, 0, 0), null);
        }
        if (outcome.Verdict.Passed)
            await services.GetRequiredService<ModelDeployment>().DeployAsync(Tenant, outcome.ModelVersion, $"loop cycle {cycle}: passed the gate", Admin, ct);
        await services.GetRequiredService<ServingStateFeeder>().WaitForAsync(await HeadAsync(services, ct), TimeSpan.FromMinutes(1), ct);
        var now = services.GetRequiredService<ServingModels>().Deployed(Tenant, kind) ?? "default";
        return (new LoopTraining(outcome.ModelVersion, outcome.Verdict.Passed ? "validated" : "rejected", outcome.Verdict.Reason, now,
            outcome.TrainLists, outcome.HeldOutLists, outcome.TrainingSeconds), outcome);
    }

    private static LoopMetrics Measure(JudgedQueries test, JudgedQueries seen)
    {
        var t = test.Evaluate(null);
        var s = seen.Evaluate(null);
        return new LoopMetrics(Round(t.Ndcg10), Round(t.Mrr10), Round(t.Recall10), Round(s.Mrr10), Round(s.Ndcg10), Round(s.Recall10));
    }

    private static async Task<long> HeadAsync(IServiceProvider services, CancellationToken ct) =>
        (await services.GetRequiredService<IDocumentStore>().Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private static double Relative(double value, double reference) => reference > 0 ? value / reference - 1 : 0;

    private static double Round(double x) => Math.Round(x, 4);

    private static string Line(string label, LoopMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"[bold]{label}[/]: test nDCG@10 {m.Ndcg10:F4}, MRR@10 {m.Mrr10:F4}; seen MRR@10 {m.SeenMrr10:F4}");

    public static void Print(LoopReport report, bool json)
    {
        var table = new Table().Title($"Learning loop on {report.Dataset}")
            .AddColumns("Cycle", "Events", "Pairs", "Validated", "Serving", "Test nDCG@10", "Test MRR@10", "Seen MRR@10", "Train (s)");
        table.AddRow("baseline", "", "", "", "defaults", F(report.Baseline.Ndcg10), F(report.Baseline.Mrr10), F(report.Baseline.SeenMrr10), "");
        foreach (var c in report.Cycles)
            table.AddRow(c.Cycle.ToString(CultureInfo.InvariantCulture), c.Events.ToString(CultureInfo.InvariantCulture), c.TrainingPairs.ToString(CultureInfo.InvariantCulture),
                Kinds(c, t => t.Gate == "validated"), Kinds(c, t => t.Serving != "default", "defaults"), F(c.TestNdcg10), F(c.TestMrr10), F(c.SeenMrr10),
                c.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Relative MRR@10 gain on the test split: {report.RelativeMrrGain:+0.0%;-0.0%}; on seen queries: {report.SeenRelativeMrrGain:+0.0%;-0.0%}"));
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(report));
    }

    // A cycle trains up to three kinds; naming only the reranker's verdict (as the flat JSON fields do) read as
    // "nothing passed" in cycles where the expansion and the adapter did.
    private static string Kinds(LoopCycle c, Func<LoopTraining, bool> holds, string none = "none")
    {
        var kinds = new (string Name, LoopTraining? Training)[]
        {
            ("expansion", c.QueryExpansion), ("adapter", c.QueryAdapter),
            ("reranker", new LoopTraining(c.Candidate, c.Gate, c.GateReason, c.DeployedModel, c.TrainLists, c.HeldOutLists, 0)),
        };
        var named = kinds.Where(k => k.Training is not null && holds(k.Training)).Select(k => k.Name).ToList();
        return named.Count == 0 ? none : string.Join(", ", named);
    }

    public static void Print(LoopSeedsReport report, bool json)
    {
        var table = new Table().Title($"Learning loop, {report.Runs.Count} seeds: mean ± standard deviation, min, max")
            .AddColumns("figure (after the last cycle)", "mean ± sd", "min", "max");
        foreach (var (name, pick) in new (string, Func<LoopSummary, double>)[]
                 {
                     ("baseline test nDCG@10", s => s.BaselineNdcg10), ("test nDCG@10", s => s.Ndcg10), ("test MRR@10", s => s.Mrr10),
                     ("relative test MRR gain", s => s.RelativeMrrGain), ("seen-query relative MRR gain", s => s.SeenRelativeMrrGain),
                 })
            table.AddRow(name, $"{F(pick(report.Mean))} ± {F(pick(report.Spread))}", F(pick(report.Min)), F(pick(report.Max)));
        AnsiConsole.Write(table);
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(report));
    }

    private static string F(double x) => x.ToString("F4", CultureInfo.InvariantCulture);
}
