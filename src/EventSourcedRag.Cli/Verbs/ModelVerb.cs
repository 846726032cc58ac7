using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>Deploy or roll back a model by hand; every API replica picks the change up from the log.</summary>
public static class ModelVerb
{
    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant", DefaultValueFactory = _ => "default" };
        var version = new Argument<string>("version") { Description = "The model version" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail", Required = true };
        var json = CliJson.Option();

        var deploy = new Command("deploy", "Serve a validated model for all traffic, retiring the one it replaces (an experiment is the safer route).\n" +
                                            "Example: esrag model deploy lambdamart-0123abcd4567 --reason \"passed the gate; urgent fix\"") { version, reason, tenant, json };
        deploy.SetAction((parse, ct) => WithDeploymentAsync(async (deployment, ct2) =>
        {
            var t = parse.GetValue(tenant)!;
            var replaced = await deployment.DeployAsync(t, parse.GetValue(version)!, Reason(parse, reason), Metadata(t), ct2);
            if (parse.GetValue(json)) CliJson.Print(new { model_version = parse.GetValue(version), replaced });
            else AnsiConsole.MarkupLine(Markup.Escape($"{parse.GetValue(version)} serves{(replaced is null ? "" : $", replacing {replaced}")}."));
        }, ct));

        var rollback = new Command("rollback", "Take a model out of service: an experiment's treatment stops the experiment; a serving model gives way to the one it replaced.\n" +
                                               "Example: esrag model rollback lambdamart-0123abcd4567 --reason \"answers got worse\"") { version, reason, tenant, json };
        rollback.SetAction((parse, ct) => WithDeploymentAsync(async (deployment, ct2) =>
        {
            var t = parse.GetValue(tenant)!;
            var (restored, experiment) = await deployment.RollBackAsync(t, parse.GetValue(version)!, Reason(parse, reason), Metadata(t), ct2);
            if (parse.GetValue(json)) CliJson.Print(new { model_version = parse.GetValue(version), restored, stopped_experiment = experiment });
            else AnsiConsole.MarkupLine(Markup.Escape($"{parse.GetValue(version)} rolled back; {restored} serves{(experiment is { } x ? $" (experiment {x:N} stopped)" : "")}."));
        }, ct));

        return new Command("model", "Deploy or roll back models by hand.") { deploy, rollback };
    }

    private static string Reason(ParseResult parse, Option<string> reason) =>
        parse.GetValue(reason) is { } r && !string.IsNullOrWhiteSpace(r) ? r.Trim() : throw new ArgumentException("--reason must not be empty.");

    private static EventMetadata Metadata(string tenant) => new(tenant, $"cli:{Environment.UserName}", $"cli-model-{Guid.NewGuid():N}");

    private static async Task<int> WithDeploymentAsync(Func<ModelDeployment, CancellationToken, Task> action, CancellationToken ct)
    {
        using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
        await action(host.Services.GetRequiredService<ModelDeployment>(), ct);
        await host.StopAsync(ct);
        return 0;
    }
}
