using System.CommandLine;
using System.Text.Json;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>For auditors: check that the event log is what was written.</summary>
public static class AuditVerb
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object on the last line" };
        var verify = new Command("verify", "Recompute the hash chain over the whole event log and check every signed checkpoint; exit 1 naming the first event that does not match.\n" +
                                           "Example: esrag audit verify") { json };
        verify.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var report = await host.Services.GetRequiredService<AuditChain>().VerifyAsync(ct);
            await host.StopAsync(ct);
            if (report.Problem is { } p)
                AnsiConsole.MarkupLine(Markup.Escape($"TAMPERED: {p.Kind} at event {p.Sequence}: {p.Detail} ({report.EventsChecked} events before it verified)"));
            else
                AnsiConsole.MarkupLine(Markup.Escape($"Intact: {report.EventsChecked} events verified up to event {report.ChainHead}, {report.CheckpointsChecked} signed checkpoints; " +
                                                     $"{report.UnchainedEvents} newer events not chained yet (the worker chains them within seconds)."));
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            return report.Intact ? 0 : 1;
        });
        return new Command("audit", "Tamper evidence of the event log.") { verify };
    }
}
