using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

public static class ProjectionsVerb
{
    public static Command Create()
    {
        var json = CliJson.Option();
        var list = new Command("list", "Each read model: live target, position, lag behind the log, other targets.\nExample: esrag projections list --json") { json };
        list.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.Api, null, ct);
            if (parse.GetValue(json))
            {
                CliJson.Print(new { projections = await host.Services.GetRequiredService<ProjectionStatus>().ReadAsync(ct) });
                await host.StopAsync(ct);
                return 0;
            }
            var table = new Table().AddColumns("Projection", "Target", "Position", "Lag", "As of", "Live", "Current settings");
            foreach (var p in await host.Services.GetRequiredService<ProjectionStatus>().ReadAsync(ct))
            foreach (var t in p.Targets)
                table.AddRow(p.Name, t.Target, t.Position.ToString(), t.Live ? p.Lag.ToString() : "-",
                    t.AsOfSequence?.ToString() ?? "-", t.Live ? "yes" : "", t.CurrentSettings ? "yes" : "no");
            AnsiConsole.Write(table);
            await host.StopAsync(ct);
            return 0;
        });

        var name = new Argument<string>("name") { Description = "feedback-aggregates, training-pairs, query-log, experiment-statistics or model-registry" };
        var target = new Option<string>("--target") { Description = "Name of the target to build into (never the live one)", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Event sequence number or ISO-8601 time; default: the last safely committed event" };
        var rebuild = new Command("rebuild", "Rebuild a read model from the log, optionally as of a point, into a named target readers do not see until it is swapped in.\n" +
                                             "Example: esrag projections rebuild training-pairs --target audit-2026-10 --as-of 2026-10-31T23:59:59Z")
        {
            name, target, asOf, json,
        };
        rebuild.SetAction(async (parse, ct) =>
        {
            var point = AsOf.Parse(parse.GetValue(asOf));
            using var host = await CliHost.StartAsync(HostRoles.Api, null, ct);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var info = await CliProgress.RunAsync($"Rebuilding {parse.GetValue(name)}", parse.GetValue(json), progress =>
                host.Services.GetRequiredService<ReadModelRebuilder>().RebuildAsync(parse.GetValue(name)!, parse.GetValue(target)!, point, ct, progress));
            if (parse.GetValue(json)) CliJson.Print(new { target = info, seconds = Math.Round(clock.Elapsed.TotalSeconds, 2) });
            else AnsiConsole.MarkupLine($"{info.Projection} rebuilt into '{Markup.Escape(info.Target)}' up to event {info.Position} in {clock.Elapsed.TotalSeconds:F1} s");
            await host.StopAsync(ct);
            return 0;
        });

        var swapName = new Argument<string>("name") { Description = "The read model" };
        var swapTarget = new Option<string>("--target") { Description = "The rebuilt target to make live", Required = true };
        var swap = new Command("swap", "Make a rebuilt target live: caught up to the live position, then swapped in one transaction.\n" +
                                       "Example: esrag projections swap training-pairs --target audit-2026-10") { swapName, swapTarget, json };
        swap.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.Api, null, ct);
            var info = await host.Services.GetRequiredService<ReadModelRebuilder>().SwapAsync(parse.GetValue(swapName)!, parse.GetValue(swapTarget)!, ct);
            if (parse.GetValue(json)) CliJson.Print(info);
            else AnsiConsole.MarkupLine($"{info.Projection} now reads from '{Markup.Escape(info.Target)}' (at event {info.Position})");
            await host.StopAsync(ct);
            return 0;
        });
        return new Command("projections", "Read models: status, rebuilds as of any point, blue/green swaps.") { list, rebuild, swap };
    }
}
