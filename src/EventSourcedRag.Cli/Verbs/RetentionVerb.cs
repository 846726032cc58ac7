using System.CommandLine;
using System.Globalization;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>The retention policy on demand: the pass the worker runs every Retention:Interval.</summary>
public static class RetentionVerb
{
    public static Command Create()
    {
        var asIf = new Option<DateTimeOffset?>("--as-if") { Description = "Measure the windows back from this ISO-8601 time instead of now (what would expire then)" };
        var json = CliJson.Option("the runs");
        var apply = new Command("apply", "Remove the query streams past their window (Retention:QueriesDays without feedback, Retention:FeedbackDays with it),\n" +
                                         "record a RetentionApplied per tenant and category, and rebuild the read models without them.\n" +
                                         "Example: esrag retention apply") { asIf, json };
        apply.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var windows = host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
            var runs = await host.Services.GetRequiredService<RetentionJob>().ApplyAsync(
                new EventMetadata("default", $"cli:{Environment.UserName}", $"cli-retention-{Guid.NewGuid():N}"), parse.GetValue(asIf), ct);
            await host.StopAsync(ct);
            if (parse.GetValue(json))
            {
                CliJson.Print(runs);
                return 0;
            }
            AnsiConsole.MarkupLine(Markup.Escape($"Policy: questions without feedback {Days(windows.QueriesDays)}, with feedback {Days(windows.FeedbackDays)}; " +
                                                 "documents, models and the audit trail are kept."));
            if (runs.Count == 0)
            {
                AnsiConsole.MarkupLine("Nothing has expired (only events the audit chain already covers are removed).");
                return 0;
            }
            var table = new Table().AddColumns("tenant", "category", "cutoff", "streams", "events", "sequences", "run");
            foreach (var (tenant, a) in runs)
                table.AddRow(Markup.Escape(tenant), a.Category, a.Cutoff.ToString("u", CultureInfo.InvariantCulture), $"{a.StreamsRemoved}", $"{a.EventsRemoved}",
                    $"{a.FirstSequence}..{a.LastSequence}", a.RunId.ToString("N"));
            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("retention", "Retention of query streams: what the worker applies on its schedule.") { apply };
    }

    private static string Days(int days) => days == 0 ? "kept indefinitely" : $"{days} days";
}
