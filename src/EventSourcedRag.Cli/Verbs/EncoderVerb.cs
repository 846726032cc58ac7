using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Encoders;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>A tenant's dense encoder from the operator's shell: the same switch as <c>POST /v1/admin/encoder/switch</c>, driven by the worker.</summary>
public static class EncoderVerb
{
    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant", DefaultValueFactory = _ => "default" };
        var json = CliJson.Option();
        var model = new Option<string>("--to") { Description = "The packaged encoder to switch to: all-MiniLM-L6-v2 or arctic-embed-xs", Required = true };
        var maxLength = new Option<int>("--max-length") { Description = "Tokens per text; 0 takes the model's own", DefaultValueFactory = _ => 0 };
        var reason = new Option<string>("--reason") { Description = "Why, kept in the event for the auditor", Required = true };

        var status = new Command("status", "The encoder serving the tenant and the switch in progress, if any.\nExample: esrag encoder status") { tenant, json };
        status.SetAction((parse, ct) => RunAsync(parse, tenant, json, (s, t, c) => s.StatusAsync(t, c), ct));

        var start = new Command("switch", "Re-embed every live chunk under another encoder in the background (the worker does it) and switch when all have vectors.\n" +
                                          "Queries are served by the current encoder until then. Example: esrag encoder switch --to arctic-embed-xs --reason CHG-42")
            { tenant, model, maxLength, reason, json };
        start.SetAction((parse, ct) => RunAsync(parse, tenant, json,
            (s, t, c) => s.StartAsync(t, parse.GetValue(model)!, parse.GetValue(maxLength), parse.GetValue(reason)!, $"cli:{Environment.UserName}", c), ct));

        var cancel = new Command("cancel", "Abandon the switch in progress; the current encoder goes on serving.\nExample: esrag encoder cancel --reason CHG-42") { tenant, reason, json };
        cancel.SetAction((parse, ct) => RunAsync(parse, tenant, json,
            (s, t, c) => s.CancelAsync(t, parse.GetValue(reason)!, $"cli:{Environment.UserName}", c), ct));

        return new Command("encoder", "The tenant's dense encoder and its blue/green switch.") { status, start, cancel };
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<string> tenant, Option<bool> json,
        Func<EncoderSwitches, string, CancellationToken, Task<EncoderStatus>> action, CancellationToken ct)
    {
        using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
        var status = await action(host.Services.GetRequiredService<EncoderSwitches>(), parse.GetValue(tenant)!, ct);
        await host.StopAsync(ct);
        if (parse.GetValue(json)) CliJson.Print(status);
        else
            AnsiConsole.MarkupLine(Markup.Escape($"Serving: {status.Serving}" + (status.Serving == status.Configured ? " (configured)" : $" (configured: {status.Configured})") +
                                                 (status.SwitchingTo is { } to ? $"\nSwitching to: {to}; {status.StoredUnderTarget} vectors stored under it so far. The worker completes the switch." : "")));
        return 0;
    }
}
