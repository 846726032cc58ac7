using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.TrainingSets;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

public static class ExportVerb
{
    public static Command Create()
    {
        var json = CliJson.Option("the manifest");
        var output = new Option<string>("--out") { Description = "Folder for the data file and manifest.json (created if missing)", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Event sequence number or ISO-8601 time; default: the last safely committed event" };
        var format = new Option<string>("--format") { Description = "jsonl or parquet", DefaultValueFactory = _ => "jsonl" };
        var trainingSet = new Command("training-set", "Write the training pairs as of a point in history, with a manifest (event range, counts, versions, weights, SHA-256).\n" +
                                                      "Two exports of one as-of point are byte-identical.\nExample: esrag export training-set --out ./ts --as-of 120000 --format parquet")
        {
            output, asOf, format, json,
        };
        trainingSet.SetAction(async (parse, ct) =>
        {
            var point = AsOf.Parse(parse.GetValue(asOf));
            using var host = await CliHost.StartAsync(HostRoles.Api, null, ct);
            var quiet = parse.GetValue(json);
            var manifest = await CliProgress.RunAsync("Folding the log", quiet, progress =>
                host.Services.GetRequiredService<TrainingSetExporter>().ExportAsync(parse.GetValue(output)!, point, parse.GetValue(format)!, progress: progress, ct: ct));
            await host.StopAsync(ct);
            if (quiet)
            {
                CliJson.Print(manifest);
                return 0;
            }
            AnsiConsole.MarkupLine($"{manifest.Pairs} pairs from {manifest.Responses} responses as of event {manifest.AsOf.Sequence} written to {Markup.Escape(parse.GetValue(output)!)}");
            foreach (var file in manifest.Files) AnsiConsole.MarkupLine($"  {Markup.Escape(file.Name)}  {file.Bytes} bytes  sha256 {file.Sha256}");
            return 0;
        });
        return new Command("export", "Export derived data sets.") { trainingSet };
    }
}
