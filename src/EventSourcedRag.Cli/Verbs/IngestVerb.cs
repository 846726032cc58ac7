using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Cli.Ingesting;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

public static class IngestVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var tenant = new Option<string>("--tenant") { Description = "Tenant that owns the documents", DefaultValueFactory = _ => "default" };
        var json = CliJson.Option("each file's outcome");
        var command = new Command("ingest", "Submit files (txt, md, html, pdf, docx) and wait until they are indexed; exit 1 when any failed or was rejected.\n" +
                                            "Example: esrag ingest ./handbook report.pdf") { paths, tenant, json };
        command.SetAction(async (parse, ct) =>
        {
            var files = FileIngestor.Expand(parse.GetValue(paths)!);
            using var host = await CliHost.StartAsync(HostRoles.All, null, ct);
            var outcomes = await new FileIngestor(host.Services, new EventMetadata(parse.GetValue(tenant)!, "cli:" + Environment.UserName, Guid.NewGuid().ToString("N")))
                .IngestAsync(files, TimeSpan.FromMinutes(10), ct);
            var bad = outcomes.Count(o => o.Status is "failed" or "rejected");
            await host.StopAsync(ct);
            if (parse.GetValue(json))
            {
                CliJson.Print(new { files = outcomes, indexed_or_present = outcomes.Count - bad, failed = bad });
                return bad == 0 ? 0 : 1;
            }
            var table = new Table().AddColumns("File", "Document", "Status", "Detail");
            foreach (var o in outcomes) table.AddRow(Markup.Escape(o.File), o.DocumentId?.ToString() ?? "-", o.Status, Markup.Escape(o.Error ?? ""));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{outcomes.Count - bad} of {outcomes.Count} files indexed or already present.");
            return bad == 0 ? 0 : 1;
        });
        return command;
    }
}
