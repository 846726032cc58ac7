using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Platform.Hosting;
using EventSourcedRag.Infrastructure.Privacy;
using EventSourcedRag.Infrastructure.Queries;
using EventSourcedRag.Infrastructure.Search;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EventSourcedRag.Cli.Verbs;

public static class QueryVerb
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "The question" };
        var tenant = new Option<string>("--tenant") { Description = "Tenant whose documents are searched", DefaultValueFactory = _ => "default" };
        var topK = new Option<int>("--top-k") { Description = "Number of sources", DefaultValueFactory = _ => 5 };
        var json = CliJson.Option("the response (as POST /v1/query returns it)");
        var command = new Command("query", "Ask a question; the answer and its sources are recorded as events like any API query.\nExample: esrag query \"How many vacation days do I get?\"") { text, tenant, topK, json };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CliHost.StartAsync(HostRoles.Api, null, ct);
            await host.Services.GetRequiredService<EventLogIndexFeeder>().CatchUpAsync(ct);
            var user = host.Services.GetRequiredService<UserHasher>().Hash(parse.GetValue(tenant)!, Environment.UserName);
            var response = await host.Services.GetRequiredService<QueryService>().AskAsync(
                new QueryRequest(parse.GetValue(text)!, parse.GetValue(topK), null, QueryFilters.None, null, user),
                new EventMetadata(parse.GetValue(tenant)!, "cli:" + Environment.UserName, Guid.NewGuid().ToString("N")), ct);
            if (parse.GetValue(json))
            {
                CliJson.Print(response);
                await host.StopAsync(ct);
                return 0;
            }
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(response.Answer)}[/]");
            foreach (var s in response.Sources)
                AnsiConsole.MarkupLine($"  [[{s.Position}]] {Markup.Escape(s.Title)} — {Markup.Escape(s.Snippet)}");
            AnsiConsole.MarkupLine($"[grey]response {response.ResponseId}, confidence {response.Confidence:F2}, {response.LatencyMs:F1} ms, model {response.ModelInfo.EmbeddingModel}[/]");
            await host.StopAsync(ct);
            return 0;
        });
        return command;
    }
}
