using System.CommandLine;
using System.Globalization;
using EventSourcedRag.Cli.Experiments;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Experiments;
using EventSourcedRag.Infrastructure.Experiments;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>A/B experiments from the command line: plan, start, follow, evaluate now, approve promotion, stop.</summary>
public static class ExperimentVerb
{

    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant", DefaultValueFactory = _ => "default" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit trail" };
        var json = CliJson.Option();
        var id = new Argument<Guid>("experiment-id") { Description = "The experiment's id" };
        var treatment = new Option<string>("--treatment") { Description = "A validated model version; the control is the serving model of its kind", Required = true };
        var unit = new Option<string?>("--unit") { Description = "Assign by user (default) or session" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and power estimate only; start nothing" };

        var start = new Command("start", "Start an A/B experiment with a staged rollout (or plan one with --dry-run).\n" +
                                         "Example: esrag experiment start --treatment lambdamart-0123abcd4567 --dry-run")
        {
            treatment, unit, dryRun, reason, tenant, json,
        };
        start.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(unit) is not (null or "user" or "session")) throw new ArgumentException("--unit must be user or session.");
            return await WithServiceAsync(async (experiments, _, ct2) =>
            {
                var t = parse.GetValue(tenant)!;
                if (parse.GetValue(dryRun))
                {
                    var plan = await experiments.PlanAsync(t, parse.GetValue(treatment)!, parse.GetValue(unit), ct2);
                    PrintPlan(plan);
                    if (parse.GetValue(json)) CliJson.Print(new { experiment_id = (Guid?)null, plan });
                    return 0;
                }
                var (experimentId, started) = await experiments.StartAsync(t, parse.GetValue(treatment)!, parse.GetValue(unit),
                    parse.GetValue(reason) ?? "started from the command line", Metadata(t), ct2);
                PrintPlan(started);
                AnsiConsole.MarkupLine($"Experiment [bold]{experimentId:N}[/] started; the worker evaluates it every interval.");
                if (parse.GetValue(json)) CliJson.Print(new { experiment_id = experimentId, plan = started });
                return 0;
            }, ct);
        });

        var status = new Command("status", "Print the stage, each arm's statistics with intervals, the decision it would take now, and the history.\n" +
                                           "Example: esrag experiment status 0199f2c4-5b7e-7a1d-9c3e-4f2a1b6d8e01 --json") { id, tenant, json };
        status.SetAction((parse, ct) => WithServiceAsync(async (experiments, _, ct2) =>
        {
            var report = await experiments.StatusAsync(parse.GetValue(tenant)!, parse.GetValue(id), ct2) ?? throw new StreamNotFound("Experiment", parse.GetValue(id));
            ExperimentReport.Print(report);
            if (parse.GetValue(json)) CliJson.Print(report);
            return 0;
        }, ct));

        var list = new Command("list", "Every experiment of the tenant, newest last.\nExample: esrag experiment list --tenant acme") { tenant };
        list.SetAction((parse, ct) => WithServiceAsync(async (experiments, _, ct2) =>
        {
            var table = new Table().AddColumns("Experiment", "Kind", "Control", "Treatment", "Stage", "Outcome", "Started");
            foreach (var x in (await experiments.RegistryAsync(ct2)).Experiments.Ordered().Select(p => p.Value).Where(x => x.Tenant == parse.GetValue(tenant)))
                table.AddRow(x.ExperimentId.ToString("N"), x.ModelKind, Markup.Escape(x.ControlVersion ?? "default"), Markup.Escape(x.TreatmentVersion),
                    string.Create(CultureInfo.InvariantCulture, $"{x.StageIndex + 1} ({x.TreatmentShare * 100:0.#}%)"), x.Outcome ?? "running", x.StartedAt.ToString("u", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        }, ct));

        var evaluate = new Command("evaluate", "Evaluate now (the current window) and record the decision, as the worker's schedule would.\n" +
                                             "Example: esrag experiment evaluate 0199f2c4-5b7e-7a1d-9c3e-4f2a1b6d8e01") { id, tenant };
        evaluate.SetAction((parse, ct) => WithServiceAsync(async (experiments, services, ct2) =>
        {
            var t = parse.GetValue(tenant)!;
            var window = RolloutSchedule.WindowOf(services.GetRequiredService<TimeProvider>().GetUtcNow(),
                services.GetRequiredService<IOptions<ExperimentOptions>>().Value.EvaluationInterval);
            var decision = await experiments.EvaluateAsync(t, parse.GetValue(id), window, Metadata(t), ct2);
            AnsiConsole.MarkupLine(Markup.Escape(decision is null
                ? "Nothing recorded: the experiment is not running, or this window was decided already."
                : $"{RolloutActionNames.Name(decision.Action)}: {decision.Reason}"));
            return 0;
        }, ct));

        var promote = new Command("promote", "Approve promotion to full traffic without significance that the treatment is better.\n" +
                                            "Example: esrag experiment promote 0199f2c4-5b7e-7a1d-9c3e-4f2a1b6d8e01 --reason \"equal quality, half the latency\"") { id, reason, tenant };
        promote.SetAction((parse, ct) => WithServiceAsync(async (experiments, _, ct2) =>
        {
            var t = parse.GetValue(tenant)!;
            await experiments.ApprovePromotionAsync(parse.GetValue(id), parse.GetValue(reason) ?? "approved from the command line", Metadata(t), ct2);
            AnsiConsole.MarkupLine("Promotion approved; the next evaluation promotes if the guardrails hold and nothing is worse.");
            return 0;
        }, ct));

        var stop = new Command("stop", "Stop the experiment: the treatment is rolled back and the control serves all traffic.\n" +
                                         "Example: esrag experiment stop 0199f2c4-5b7e-7a1d-9c3e-4f2a1b6d8e01 --reason \"holiday traffic\"") { id, reason, tenant };
        stop.SetAction((parse, ct) => WithServiceAsync(async (experiments, _, ct2) =>
        {
            var t = parse.GetValue(tenant)!;
            await experiments.StopAsync(parse.GetValue(id), parse.GetValue(reason) ?? "stopped from the command line", Metadata(t), ct2);
            AnsiConsole.MarkupLine("Experiment stopped; the control serves all traffic.");
            return 0;
        }, ct));

        return new Command("experiment", "A/B experiments with a staged rollout and automatic rollback.") { start, status, list, evaluate, promote, stop };
    }

    private static void PrintPlan(ExperimentPlan plan) =>
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{plan.ModelKind}: control {plan.ControlVersion ?? "default"} vs treatment {plan.TreatmentVersion}, by {plan.AssignmentUnit}; stages {string.Join(" → ", plan.Stages.Select(s => $"{s * 100:0.#}%"))}. " +
            $"To detect a click-through change of {plan.MinDetectableEffect:0.###} from {plan.BaselineCtr:0.###} ({(plan.BaselineMeasured ? "measured" : "assumed")}) at α 0.05 with 80% power: {plan.MinQueriesPerArm} responses per arm.")));

    private static EventMetadata Metadata(string tenant) => new(tenant, $"cli:{Environment.UserName}", $"cli-experiment-{Guid.NewGuid():N}");

    private static async Task<int> WithServiceAsync(Func<ExperimentService, IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
        var code = await action(host.Services.GetRequiredService<ExperimentService>(), host.Services, ct);
        await host.StopAsync(ct);
        return code;
    }
}
