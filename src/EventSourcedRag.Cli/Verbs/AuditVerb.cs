using System.CommandLine;
using System.Text.Json;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Hosting;
using EventSourcedRag.Infrastructure.ReadModels;
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
        var asOf = new Option<string>("--as-of") { Description = "Event sequence number or ISO-8601 time", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "Tenant", DefaultValueFactory = _ => "default" };
        var state = new Command("state", "The model registry and experiments of a tenant as they stood at a past point, folded afresh from the log.\n" +
                                         "Example: esrag audit state --as-of 2026-11-20T09:00:00Z") { asOf, tenant, json };
        state.SetAction(async (parse, ct) =>
        {
            var point = AsOf.Parse(parse.GetValue(asOf));
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var result = await host.Services.GetRequiredService<HistoricalState>().AtAsync(parse.GetValue(tenant)!, point, ct);
            await host.StopAsync(ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                return 0;
            }
            AnsiConsole.MarkupLine(Markup.Escape($"As of event {result.Sequence}: {result.Models.Count} models, {result.Experiments.Count} experiments."));
            var models = new Table().AddColumns("model", "kind", "state", "traffic", "gate", "trained");
            foreach (var m in result.Models)
                models.AddRow(Markup.Escape(m.Version), m.Kind, Markup.Escape(m.State), m.TrafficShare.ToString("P0", System.Globalization.CultureInfo.InvariantCulture),
                    m.PassedGate switch { true => "passed", false => "rejected", null => "-" }, m.TrainedAt.ToString("u"));
            AnsiConsole.Write(models);
            foreach (var x in result.Experiments)
                AnsiConsole.MarkupLine(Markup.Escape($"experiment {x.ExperimentId:N}: {x.ControlVersion} vs {x.TreatmentVersion}, {x.Outcome ?? "running"}"));
            return 0;
        });
        return new Command("audit", "Tamper evidence of the event log, and state as of a past point.") { verify, state };
    }
}
