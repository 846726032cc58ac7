using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Training;
using EventSourcedRag.Projections.ReadModels;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>
/// Training by command: a request is recorded on the log and the worker (esrag worker) trains it off RabbitMQ, as
/// an API request would be; status and cancel act on the request's stream.
/// </summary>
public static class TrainVerb
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant whose feedback trains the model", DefaultValueFactory = _ => "default" };
        var kind = new Option<string>("--kind") { Description = $"What to train: {string.Join(" or ", ModelKinds.All)}", DefaultValueFactory = _ => ModelKinds.Reranker };
        var asOf = new Option<long?>("--as-of") { Description = "Train on the log as of this event sequence (default: as of when the worker starts)" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit trail" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the worker to finish; exit 1 if the training failed or was cancelled" };
        var json = CliJson.Option("the request's events");
        var id = new Argument<Guid>("request-id") { Description = "The training request's id" };

        var request = new Command("request", "Request a training; the worker runs it.\nExample: esrag train request --kind query-adapter --wait")
        {
            tenant, kind, asOf, reason, wait, json,
        };
        request.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(asOf) is < 1) throw new ArgumentException("--as-of must be an event sequence of at least 1.");
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var requests = host.Services.GetRequiredService<TrainingRequests>();
            var metadata = Metadata(parse.GetValue(tenant)!);
            var requestId = await requests.RequestAsync(Guid.CreateVersion7(), parse.GetValue(kind)!, parse.GetValue(asOf), "command",
                parse.GetValue(reason) ?? "requested from the command line", metadata, ct);
            AnsiConsole.MarkupLine($"Training request [bold]{requestId}[/] recorded ({Markup.Escape(parse.GetValue(kind)!)}); the worker trains it.");
            var status = parse.GetValue(wait) ? await WaitAsync(requests, metadata.Tenant, requestId, ct) : TrainingStatus.Requested;
            var code = await ReportAsync(requests, metadata.Tenant, requestId, parse.GetValue(json), ct);
            await host.StopAsync(ct);
            return status is TrainingStatus.Failed or TrainingStatus.Cancelled ? 1 : code;
        });

        var status = new Command("status", "Show a training request's events.\nExample: esrag train status 0199…") { id, tenant, json };
        status.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var code = await ReportAsync(host.Services.GetRequiredService<TrainingRequests>(), parse.GetValue(tenant)!, parse.GetValue(id), parse.GetValue(json), ct);
            await host.StopAsync(ct);
            return code;
        });

        var cancel = new Command("cancel", "Cancel a requested or running training; a running one stops before it stores anything.\n" +
                                          "Example: esrag train cancel 0199f2d0-1111-7222-8333-944455566677 --reason \"wrong as-of point\"") { id, tenant, reason };
        cancel.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var metadata = Metadata(parse.GetValue(tenant)!);
            await host.Services.GetRequiredService<TrainingRequests>().CancelAsync(parse.GetValue(id), parse.GetValue(reason) ?? "cancelled from the command line", metadata, ct);
            AnsiConsole.MarkupLine($"Training request [bold]{parse.GetValue(id)}[/] cancelled.");
            await host.StopAsync(ct);
            return 0;
        });

        return new Command("train", "Request, follow and cancel trainings (run by the worker).") { request, status, cancel };
    }

    private static EventMetadata Metadata(string tenant) => new(tenant, $"cli:{Environment.UserName}", $"cli-train-{Guid.NewGuid():N}");

    private static async Task<TrainingStatus> WaitAsync(TrainingRequests requests, string tenant, Guid id, CancellationToken ct)
    {
        while (true)
        {
            var status = await requests.StatusAsync(tenant, id, ct);
            if (status is TrainingStatus.Completed or TrainingStatus.Failed or TrainingStatus.Cancelled) return status;
            await Task.Delay(Poll, ct);
        }
    }

    private static async Task<int> ReportAsync(TrainingRequests requests, string tenant, Guid id, bool json, CancellationToken ct)
    {
        var history = await requests.HistoryAsync(tenant, id, ct);
        if (history.Count == 0) throw new StreamNotFound("Training request", id);
        var status = history.Aggregate(TrainingStatus.None, TrainingDecider.Evolve);
        AnsiConsole.MarkupLine($"Status: [bold]{status.ToString().ToLowerInvariant()}[/]");
        foreach (var e in history)
            AnsiConsole.MarkupLine(Markup.Escape($"  {EventNames.Of(e)}: {Describe(e)}"));
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                request_id = id,
                status = status.ToString().ToLowerInvariant(),
                events = history.Select(e => new { type = EventNames.Of(e), data = e }),
            }, CliJson.SnakeCase));
        return 0;
    }

    private static string Describe(object e) => e switch
    {
        TrainingRequested r => $"{r.Kind}{(r.AsOfSequence is { } s ? $" as of event {s}" : "")}, {r.Trigger}: {r.Reason}",
        TrainingStarted s => $"on {s.Worker}",
        TrainingCompleted c => string.Create(CultureInfo.InvariantCulture, $"{c.ModelVersion} {(c.Validated ? "validated" : "rejected")} by the gate, trained in {c.TrainingSeconds:F1} s"),
        TrainingFailed f => f.Error,
        TrainingCancelled c => c.Reason,
        _ => e.GetType().Name,
    };
}
