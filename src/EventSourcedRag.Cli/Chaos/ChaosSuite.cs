using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Spectre.Console;
using static EventSourcedRag.Cli.Chaos.StoreAudit;

namespace EventSourcedRag.Cli.Chaos;

/// <summary>
/// Breaks a live deployment on loopback while clients keep writing, then checks the store against what the
/// clients were told: SIGKILL of the API and of the worker, PostgreSQL and RabbitMQ stopped and started,
/// poison and redelivered messages. Each scenario prints what it did and what it counted; any failed check
/// makes the exit code 1.
/// </summary>
public sealed class ChaosSuite(ChaosSettings settings)
{
    public static readonly string[] All = ["kill-api", "kill-worker", "restart-postgres", "restart-rabbitmq", "poison-and-redelivery"];

    private sealed record Outcome(string Scenario, IReadOnlyList<string> Did, IReadOnlyDictionary<string, int> Responses, double MaxLatencyMs, IReadOnlyList<Check> Checks);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (settings.Scenarios.Any(s => s.StartsWith("restart-", StringComparison.Ordinal)) && !Services.CanControl)
            throw new InvalidOperationException("Restarting PostgreSQL and RabbitMQ needs root and their Debian packages (scripts/setup.sh); run the other scenarios with --scenario.");
        AnsiConsole.MarkupLine("[bold]chaos[/]: starting a deployment (worker and API as child processes) and seeding it...");
        await using var env = await ChaosEnvironment.StartAsync(ct);
        AnsiConsole.MarkupLine($"  schema {env.Schema}, queue {env.Queue}, API on 127.0.0.1:{env.Port}, process logs in {env.LogFolder}");
        var outcomes = new List<Outcome>();
        foreach (var scenario in settings.Scenarios)
        {
            AnsiConsole.MarkupLine($"[bold]{scenario}[/]");
            var outcome = scenario switch
            {
                "kill-api" => await KillApiAsync(env, ct),
                "kill-worker" => await KillWorkerAsync(env, ct),
                "restart-postgres" => await RestartPostgresAsync(env, ct),
                "restart-rabbitmq" => await RestartRabbitAsync(env, ct),
                "poison-and-redelivery" => await PoisonAsync(env, ct),
                _ => throw new ArgumentException($"Unknown scenario '{scenario}'; known: {string.Join(", ", All)}."),
            };
            Print(outcome);
            outcomes.Add(outcome);
        }
        var failed = outcomes.SelectMany(o => o.Checks).Count(c => !c.Passed);
        var total = outcomes.Sum(o => o.Checks.Count);
        AnsiConsole.MarkupLine(failed == 0 ? $"[green]chaos: all {total} checks passed[/]" : $"[red]chaos: {failed} of {total} checks failed[/]");
        if (settings.Json)
            Console.WriteLine(JsonSerializer.Serialize(outcomes.Select(o => new
            {
                scenario = o.Scenario, did = o.Did, responses = o.Responses, max_latency_ms = Math.Round(o.MaxLatencyMs, 1),
                checks = o.Checks.Select(c => new { name = c.Name, passed = c.Passed, detail = c.Detail }),
            })));
        return failed == 0 ? 0 : 1;
    }

    // ---- scenarios ----

    private async Task<Outcome> KillApiAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var did = new List<string>();
        var traffic = new Traffic(env.Http, env.Responses);
        var run = await UnderLoadAsync(traffic, feedbackClients: 16, documentClients: 2, async () =>
        {
            env.KillApi();
            did.Add("SIGKILL to the API process during feedback and uploads");
            var down = Stopwatch.StartNew();
            await env.StartApiAsync(ct);
            did.Add($"API started again, live after {down.Elapsed.TotalSeconds:F1} s");
        }, ct);
        return new Outcome("kill-api", did, run.Outcomes, run.MaxLatencyMs, await StoreChecksAsync(env, run, TimeSpan.FromSeconds(60), ct));
    }

    private async Task<Outcome> KillWorkerAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var did = new List<string>();
        var traffic = new Traffic(env.Http, env.Responses);
        var run = await UnderLoadAsync(traffic, feedbackClients: 4, documentClients: 6, async () =>
        {
            env.KillWorker();
            did.Add("SIGKILL to the worker (queue consumer and async daemon) during uploads");
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            env.StartWorker();
            did.Add("worker started again 2 s later");
        }, ct);
        return new Outcome("kill-worker", did, run.Outcomes, run.MaxLatencyMs, await StoreChecksAsync(env, run, TimeSpan.FromSeconds(60), ct));
    }

    private async Task<Outcome> RestartPostgresAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var did = new List<string>();
        var opened = await env.MetricAsync("esrag_circuit_transitions_total{dependency=\"postgres\",state=\"open\"}", ct);
        var closed = await env.MetricAsync("esrag_circuit_transitions_total{dependency=\"postgres\",state=\"closed\"}", ct);
        var traffic = new Traffic(env.Http, env.Responses);
        var run = await UnderLoadAsync(traffic, feedbackClients: 16, documentClients: 2, async () =>
        {
            await Services.StopPostgresAsync(ct);
            did.Add("PostgreSQL stopped (pg_ctlcluster 15 main stop -m fast) under load");
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            await Services.StartPostgresAsync(ct);
            Npgsql.NpgsqlConnection.ClearAllPools(); // this process's idle connections died with the server
            did.Add("PostgreSQL started again after 5 s");
        }, ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var openedNow = await env.MetricAsync("esrag_circuit_transitions_total{dependency=\"postgres\",state=\"open\"}", ct) - opened;
        var closedNow = await env.MetricAsync("esrag_circuit_transitions_total{dependency=\"postgres\",state=\"closed\"}", ct) - closed;
        var unavailable = run.Outcomes.GetValueOrDefault("503");
        var otherErrors = run.Outcomes.Where(p => p.Key.StartsWith('5') && p.Key != "503").Sum(p => p.Value);
        return new Outcome("restart-postgres", did, run.Outcomes, run.MaxLatencyMs,
        [
            new Check("clients got 503 problem details with Retry-After while it was down", unavailable > 0 && otherErrors == 0,
                $"{unavailable:N0} × 503 store_unavailable, {otherErrors} other 5xx"),
            new Check("the store circuit opened and closed", openedNow > 0 && closedNow > 0, $"opened {openedNow:0} times, closed {closedNow:0} times"),
            .. await StoreChecksAsync(env, run, TimeSpan.FromSeconds(60), ct),
        ]);
    }

    private async Task<Outcome> RestartRabbitAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var did = new List<string>();
        var traffic = new Traffic(env.Http, env.Responses);
        var run = await UnderLoadAsync(traffic, feedbackClients: 4, documentClients: 3, async () =>
        {
            await Services.StopRabbitAsync(ct);
            did.Add("RabbitMQ node stopped (rabbitmqctl stop) during uploads");
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            await Services.StartRabbitAsync(ct);
            did.Add("RabbitMQ started again (rabbitmq-server -detached) after 5 s");
        }, ct);
        var failures = run.Outcomes.Where(p => p.Key.StartsWith('5') || p.Key.StartsWith("connection", StringComparison.Ordinal)).Sum(p => p.Value);
        return new Outcome("restart-rabbitmq", did, run.Outcomes, run.MaxLatencyMs,
        [
            new Check("uploads and feedback kept being acknowledged (the API needs only PostgreSQL)", failures == 0, $"{failures} failed requests"),
            .. await StoreChecksAsync(env, run, TimeSpan.FromSeconds(60), ct),
        ]);
    }

    private static async Task<Outcome> PoisonAsync(ChaosEnvironment env, CancellationToken ct)
    {
        var did = new List<string>();
        var probe = new BrokerProbe(Options.Create(new MessagingOptions { ConnectionString = env.Amqp, IngestQueue = env.Queue }), TimeProvider.System,
            new Infrastructure.Platform.Observability.Telemetry(), NullLogger<BrokerProbe>.Instance);
        async Task<long> ErrorDepth() => (await probe.ReadAsync(ct)).QueueDepths.GetValueOrDefault(env.Queue + "_error");
        var before = await ErrorDepth();
        const string documentEvents = "select count(*) from {schema}.mt_events where type like 'document%'";
        var events = await env.Audit.ScalarAsync(documentEvents, ct);

        // Two messages no retry can help: a body that is not JSON, and a well-formed envelope whose message has the wrong types.
        await using (var connection = await new ConnectionFactory { Uri = new Uri(env.Amqp) }.CreateConnectionAsync(ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
            await channel.BasicPublishAsync("", env.Queue, false, properties, Encoding.UTF8.GetBytes("{ this is not json"), ct);
            var envelope = JsonSerializer.Serialize(new
            {
                messageId = Guid.NewGuid(), destinationAddress = $"queue:{env.Queue}",
                messageType = new[] { "urn:message:EventSourcedRag.Infrastructure.Messaging:DocumentAcceptedIntegrationEvent" },
                message = new { tenant = "default", documentId = "not-a-guid", version = "one", eventSequence = 1, correlationId = "chaos" },
            });
            await channel.BasicPublishAsync("", env.Queue, false, new BasicProperties { ContentType = properties.ContentType, Persistent = true, MessageId = Guid.NewGuid().ToString() }, Encoding.UTF8.GetBytes(envelope), ct);
        }
        did.Add("published 2 poison messages to the ingestion queue (invalid JSON; a DocumentAccepted whose id and version are not a GUID and a number)");
        var clock = Stopwatch.StartNew();
        while (await ErrorDepth() < before + 2 && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(250, ct);
        var dead = await ErrorDepth() - before;
        var eventsAfterPoison = await env.Audit.ScalarAsync(documentEvents, ct);
        // MassTransit does not retry a message it cannot deserialize; one that fails in the consumer gets Messaging:RetryLimit
        // quick retries (a store outage: Messaging:StoreRetryLimit backed-off ones) before the same error queue.
        did.Add($"{dead} reached {env.Queue}_error after {clock.Elapsed.TotalSeconds:F1} s, without redelivery (unreadable messages are not retried)");

        // At-least-once delivery: replay every ingestion message the log ever produced, as after a crash between
        // sending and recording progress. Idempotent consumers must add nothing.
        var documents = await env.Audit.ScalarAsync("select count(*) from {schema}.mt_events where type in ('document_submitted', 'document_revised')", ct);
        env.KillWorker();
        // Without its progress row the dispatcher starts from the beginning of the log.
        var rewound = await env.Audit.ScalarAsync("with gone as (delete from {schema}.mt_event_progression where name like 'ingestion-dispatch%' returning 1) select count(*) from gone", ct);
        var head = await env.Audit.ScalarAsync("select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);
        env.StartWorker();
        did.Add($"worker killed, its dispatch progress deleted ({rewound} row), worker restarted: {documents} ingestion messages to send again");
        const string dispatched = "select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like 'ingestion-dispatch%'";
        clock.Restart();
        while (await env.Audit.ScalarAsync(dispatched, ct) < head && clock.Elapsed < TimeSpan.FromSeconds(90)) await Task.Delay(250, ct);
        var progress = await env.Audit.ScalarAsync(dispatched, ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct); // let the consumers finish what was sent
        // A backlog the worker had not reached yet is processed now for the first time, so totals may grow: what
        // must not exist is a document version chunked or indexed twice.
        var twice = await env.Audit.ScalarAsync(
            "select count(*) from (select 1 from {schema}.mt_events where type in ('document_chunked', 'document_indexed') " +
            "group by stream_id, data->>'version', type having count(*) > 1) d", ct);
        var processed = await env.Audit.ScalarAsync("select count(*) from {schema}.mt_events where type = 'document_chunked'", ct);
        did.Add($"dispatch re-sent through sequence {progress:N0} of {head:N0} in {clock.Elapsed.TotalSeconds:F1} s");
        return new Outcome("poison-and-redelivery", did, new Dictionary<string, int>(), 0,
        [
            new Check("poison messages went to the error queue, not round in circles", dead == 2, $"{dead} of 2 in {env.Queue}_error"),
            new Check("poison messages changed nothing in the store", eventsAfterPoison == events, $"document events {events:N0} before, {eventsAfterPoison:N0} after"),
            new Check("redelivered messages had no second effect", progress >= head && twice == 0,
                $"{documents:N0} messages re-sent; {processed:N0} document versions chunked, {twice} chunked or indexed more than once"),
        ]);
    }

    // ---- shared ----

    /// <summary>Runs the traffic for the configured time and the fault a third of the way in; the fault's own duration adds to the run.</summary>
    private async Task<Traffic> UnderLoadAsync(Traffic traffic, int feedbackClients, int documentClients, Func<Task> fault, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = traffic.RunAsync(feedbackClients, documentClients, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(settings.Seconds / 3.0), ct);
        await fault();
        await Task.Delay(TimeSpan.FromSeconds(settings.Seconds * 2 / 3.0), ct);
        await stop.CancelAsync();
        await load;
        return traffic;
    }

    /// <summary>What every scenario under load must leave behind: acknowledged writes stored once, ingestion finished, no hangs.</summary>
    private static async Task<IReadOnlyList<Check>> StoreChecksAsync(ChaosEnvironment env, Traffic run, TimeSpan ingestionWait, CancellationToken ct) =>
    [
        await env.Audit.FeedbackAsync(run.AckedFeedbackKeys.ToList(), ct),
        .. await env.Audit.DocumentsAsync(run.AckedDocuments.ToList(), ingestionWait, ct),
        NoHangs(run),
    ];

    private static Check NoHangs(Traffic run) =>
        new("no request hung", run.Hangs == 0, $"{run.Hangs} requests over {Traffic.Hang.TotalSeconds:0} s; slowest answer {run.MaxLatencyMs:N0} ms");

    private static void Print(Outcome outcome)
    {
        foreach (var line in outcome.Did) AnsiConsole.MarkupLine($"  did: {Markup.Escape(line)}");
        if (outcome.Responses.Count > 0)
            AnsiConsole.MarkupLine("  responses: " + Markup.Escape(string.Join(", ", outcome.Responses.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value:N0}"))));
        foreach (var check in outcome.Checks)
            AnsiConsole.MarkupLine($"  {(check.Passed ? "[green]pass[/]" : "[red]FAIL[/]")} {Markup.Escape(check.Name)}: {Markup.Escape(check.Detail)}");
    }
}
