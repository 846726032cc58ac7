using System.Diagnostics;
using EventSourcedRag.Cli.Evaluating;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>
/// Read-model benchmark in a fresh schema: appends synthetic traffic, times the rebuild of every read model
/// from the log (fold, then fold + write into a target), then starts a worker and measures how far the live
/// read models trail the head while feedback is appended at a steady rate.
/// </summary>
public sealed class ProjectionBench(ProjectionBenchSettings settings)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var schema = BenchSchema.NewName("bench");
        var overrides = new Dictionary<string, string?>
        {
            ["Storage:Schema"] = schema, ["Messaging:IngestQueue"] = schema + "-ingest", ["Messaging:TemporaryQueues"] = "true",
        };
        var connectionString = CliHost.Configuration(overrides).GetConnectionString("Postgres")!;
        var responses = new List<(Guid Id, int Chunk)>();
        try
        {
            using (var host = await CliHost.StartAsync(HostRoles.Api, overrides, ct))
            {
                await AppendAsync(host.Services.GetRequiredService<IDocumentStore>(), responses, ct);
                await RebuildAsync(host.Services, ct);
                await host.StopAsync(ct);
            }
            using (var worker = await CliHost.StartAsync(HostRoles.All, overrides, ct))
                await LiveAsync(worker, responses, ct);
        }
        finally
        {
            if (!settings.Keep) await BenchSchema.DropAsync(connectionString, schema);
        }
    }

    private async Task AppendAsync(IDocumentStore store, List<(Guid, int)> responses, CancellationToken ct)
    {
        var traffic = new SyntheticTraffic(seed: 1);
        var clock = Stopwatch.StartNew();
        long appended = 0;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask($"Appending {settings.Events:N0} events", maxValue: settings.Events);
            while (appended < settings.Events)
            {
                await using var session = store.LightweightSession("default");
                for (var i = 0; i < 500 && appended < settings.Events; i++)
                {
                    var (id, events, top) = traffic.Response();
                    session.Events.StartStream(id, events);
                    appended += events.Count;
                    responses.Add((id, top));
                }
                await session.SaveChangesAsync(ct);
                task.Value = appended;
            }
        });
        AnsiConsole.MarkupLine($"Appended {appended:N0} events ({responses.Count:N0} responses) in {clock.Elapsed.TotalSeconds:F1} s ({appended / clock.Elapsed.TotalSeconds:N0} events/s)");
    }

    private static async Task RebuildAsync(IServiceProvider services, CancellationToken ct)
    {
        var rebuilder = services.GetRequiredService<ReadModelRebuilder>();
        var catalog = services.GetRequiredService<ReadModelCatalog>();
        var log = services.GetRequiredService<EventLogReader>();
        var head = await log.SafeHeadAsync(ct);
        var table = new Table().Title($"Rebuild from the log ({head:N0} events)").AddColumns("what", "seconds", "events/s", "rows");
        var clock = Stopwatch.StartNew();
        var models = await rebuilder.FoldAsync(catalog.Names, head, ct);
        table.AddRow($"fold all {catalog.Names.Count} live read models in one pass (read + apply)", $"{clock.Elapsed.TotalSeconds:F1}", $"{head / clock.Elapsed.TotalSeconds:N0}",
            $"{models.Sum(m => m.Tables.Sum(t => t.Count)):N0}");
        foreach (var name in catalog.Names)
        {
            clock.Restart();
            await rebuilder.RebuildAsync(name, "bench", AsOf.Head, ct);
            var rows = models.Single(m => m.Name == name).Tables.Sum(t => t.Count);
            table.AddRow($"rebuild {name} into a target (read + apply + write)", $"{clock.Elapsed.TotalSeconds:F1}", $"{head / clock.Elapsed.TotalSeconds:N0}", $"{rows:N0}");
        }
        AnsiConsole.Write(table);
    }

    private async Task LiveAsync(IHost worker, List<(Guid Id, int Chunk)> responses, CancellationToken ct)
    {
        var status = worker.Services.GetRequiredService<ProjectionStatus>();
        var clock = Stopwatch.StartNew();
        while ((await status.ReadAsync(ct)).Any(p => p.Lag > 0)) await Task.Delay(200, ct);
        AnsiConsole.MarkupLine($"Worker start: live read models caught up with the whole log in {clock.Elapsed.TotalSeconds:F1} s");

        var store = worker.Services.GetRequiredService<IDocumentStore>();
        var traffic = new SyntheticTraffic(seed: 2);
        var random = new Random(3);
        var lagEvents = new List<long>();
        var lagSeconds = new List<double>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var states = await status.ReadAsync(CancellationToken.None);
                var behind = states.Min(p => p.Position);
                lagEvents.Add(states.Max(p => p.Lag));
                lagSeconds.Add(await AgeOfFirstUnappliedAsync(worker, behind));
                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);

        const int batchesPerSecond = 10;
        var perBatch = settings.FeedbackPerSecond / batchesPerSecond;
        var load = Stopwatch.StartNew();
        long sent = 0;
        for (var tick = 0; tick < settings.LoadSeconds * batchesPerSecond; tick++)
        {
            await using (var session = store.LightweightSession("default"))
            {
                for (var i = 0; i < perBatch; i++)
                {
                    var (id, chunk) = responses[random.Next(responses.Count)];
                    session.Events.Append(id, traffic.FeedbackOn(id, chunk, 1 + random.Next(10)));
                }
                await session.SaveChangesAsync(ct);
            }
            sent += perBatch;
            var due = TimeSpan.FromSeconds((tick + 1.0) / batchesPerSecond) - load.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, ct);
        }
        var rate = sent / load.Elapsed.TotalSeconds;
        var drained = Stopwatch.StartNew();
        while ((await status.ReadAsync(ct)).Any(p => p.Lag > 0)) await Task.Delay(100, ct);
        stop.Cancel();
        await sampler;
        lagEvents.Sort();
        lagSeconds.Sort();
        AnsiConsole.MarkupLine($"Sustained load: {sent:N0} feedback events in {load.Elapsed.TotalSeconds:F1} s ({rate:N0}/s); live lag behind the head " +
                               $"p50 {Pct(lagEvents, 0.5):N0} / p95 {Pct(lagEvents, 0.95):N0} / max {lagEvents[^1]:N0} events, " +
                               $"age of the oldest unapplied event p50 {EvalRunner.Percentile(lagSeconds, 0.5):F2} s / p95 {EvalRunner.Percentile(lagSeconds, 0.95):F2} s / max {lagSeconds[^1]:F2} s; " +
                               $"drained {drained.Elapsed.TotalSeconds:F1} s after the load stopped");
    }

    private static async Task<double> AgeOfFirstUnappliedAsync(IHost host, long position)
    {
        var storage = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.Platform.EventStore.StorageOptions>>().Value;
        await using var c = new NpgsqlConnection(storage.ConnectionString);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand($"select extract(epoch from now() - timestamp) from {storage.Schema}.mt_events where seq_id > @p order by seq_id limit 1", c);
        command.Parameters.AddWithValue("p", position);
        return await command.ExecuteScalarAsync() is decimal d ? Math.Max(0, (double)d) : 0;
    }

    private static long Pct(List<long> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
