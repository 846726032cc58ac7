using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

/// <summary>For auditors: check that the event log is what was written.</summary>
public static class AuditVerb
{
    public static Command Create()
    {
        var json = CliJson.Option("the report");
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
            if (parse.GetValue(json)) CliJson.Print(report);
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
                CliJson.Print(result);
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
        var replay = ReplayCommand(tenant, json);
        return new Command("audit", "Tamper evidence of the event log, and state and answers as of a past point.") { verify, state, replay, RotateKeyCommand() };
    }

    private static Command RotateKeyCommand()
    {
        var file = new Option<FileInfo>("--new-key-file") { Description = "PEM file of the new ECDSA P-256 private key (openssl ecparam -name prime256v1 -genkey | openssl pkcs8 -topk8 -nocrypt)", Required = true };
        var rotate = new Command("rotate-key", "Record that audit checkpoints will be signed with a new key, vouched for by it, so `audit verify` keeps checking the old ones.\n" +
                                               "Run it with the old key configured, then set Audit:CheckpointKeyPem to the new key on every worker.\n" +
                                               "Example: esrag audit rotate-key --new-key-file /run/secrets/checkpoint-2027.pem") { file };
        rotate.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var rotated = await host.Services.GetRequiredService<CheckpointKeys>().RotateAsync(await File.ReadAllTextAsync(parse.GetValue(file)!.FullName, ct),
                new Infrastructure.Platform.EventStore.EventMetadata("default", $"cli:{Environment.UserName}", $"cli-key-rotation-{Guid.NewGuid():N}"), ct);
            await host.StopAsync(ct);
            AnsiConsole.MarkupLine(Markup.Escape(rotated is null ? "Already rotated to that key; nothing recorded."
                : $"Recorded: checkpoint key {rotated.PreviousKeyId} → {rotated.NewKeyId}. Now set Audit:CheckpointKeyPem to the new key on every worker."));
            return 0;
        });
        return rotate;
    }

    private static Command ReplayCommand(Option<string> tenant, Option<bool> json)
    {
        var response = new Option<Guid?>("--response") { Description = "A stored response to recompute (its question, parameters and experiment unit)" };
        var query = new Option<string?>("--query") { Description = "A question to ask as of --as-of instead" };
        var asOf = new Option<string?>("--as-of") { Description = "Event sequence number or ISO-8601 time; for --response, default: the positions it was served from" };
        var user = new Option<string?>("--user") { Description = "With --query: the raw user id, which decides an experiment's arm as serving does" };
        var session = new Option<string?>("--session") { Description = "With --query: the session id, for experiments that assign by session" };
        var topK = new Option<int?>("--top-k") { Description = "With --query: how many results" };
        var retriever = new Option<string?>("--retriever") { Description = "With --query: bm25, dense, hybrid or full (default: as the server would choose)" };
        var replay = new Command("replay", "What would have been served: the index, deployed models, experiments and feedback priors folded from the log as of a point,\n" +
                                           "and the query rerun by the serving code. A stored response is compared with what was actually served.\n" +
                                           "Examples: esrag audit replay --response 0193c1a2-7f55-7c3e-9d0a-5be2f1a4c6d8\n" +
                                           "          esrag audit replay --query \"how many vacation days\" --as-of 2026-11-20T09:00:00Z")
            { response, query, asOf, user, session, topK, retriever, tenant, json };
        replay.SetAction(async (parse, ct) =>
        {
            var (id, text, point) = (parse.GetValue(response), parse.GetValue(query), parse.GetValue(asOf));
            if (id is null == text is null) throw new ArgumentException("Give either --response or --query.");
            if (text is not null && string.IsNullOrWhiteSpace(point)) throw new ArgumentException("--query needs --as-of (an event sequence or an ISO-8601 time).");
            var at = string.IsNullOrWhiteSpace(point) ? null : AsOf.Parse(point);
            var tenantName = parse.GetValue(tenant)!;
            using var host = await CliHost.StartAsync(HostRoles.None, null, ct);
            var replays = host.Services.GetRequiredService<QueryReplay>();
            var result = id is { } responseId
                ? await replays.ReplayResponseAsync(tenantName, responseId, at, ct) ?? throw new ArgumentException($"Tenant '{tenantName}' has no response {responseId}.")
                : await replays.ReplayAsync(tenantName, new QueryRequest(text!, parse.GetValue(topK), null, QueryFilters.None, parse.GetValue(session),
                    parse.GetValue(user) is { Length: > 0 } userId ? host.Services.GetRequiredService<UserHasher>().Hash(tenantName, userId) : null, parse.GetValue(retriever)), at!, ct);
            await host.StopAsync(ct);
            if (parse.GetValue(json))
            {
                CliJson.Print(result);
                return 0;
            }
            var m = result.Model;
            AnsiConsole.MarkupLine(Markup.Escape($"Index as of event {result.IndexPosition}, serving state as of event {result.ServingPosition}: {m.Retriever}, " +
                                                 $"reranker {m.Reranker ?? "none"}, adapter {m.QueryAdapter ?? "none"}, expansion {m.QueryExpansion ?? "none"}, steering {m.PersonalSteering ?? "none"}" +
                                                 (m.ExperimentId is null ? "" : $", experiment {m.ExperimentId} arm {m.Variant}") + "."));
            if (result.Expansions is { Count: > 0 } expansions)
                AnsiConsole.MarkupLine(Markup.Escape("Expanded: " + string.Join(", ", expansions.Select(e =>
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.From} → {e.Term} ({e.Weight:F2})")))));
            if (result.Explored is { } explored)
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Explored: position {explored.Position} shows the candidate ranked {explored.FromRank} (propensity {explored.Propensity:0.#####}).")));
            var table = new Table().AddColumns("#", "document", "title", "bm25", "dense", "remembered", "fused", "rerank");
            foreach (var r in result.Results)
                table.AddRow($"{r.Position}", r.DocumentId.ToString()[^8..], Markup.Escape(r.Title), Score(r.Scores.Bm25), Score(r.Scores.Dense),
                    Score(r.Scores.Remembered), Score(r.Scores.Fused), Score(r.Scores.Rerank));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape($"Answer: {result.Answer}"));
            if (result.Served is { } served)
                AnsiConsole.MarkupLine(Markup.Escape(served.SameResults
                    ? $"Same results as served{(served.SameAnswer ? ", same answer" : ", but a different answer")}."
                    : $"Differs from what was served at {served.FirstDifference}."));
            return 0;
        });
        return replay;
    }

    private static string Score(double? score) => score is { } s ? s.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
