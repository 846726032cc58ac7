using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Testing;
using Marten;

namespace EventSourcedRag.Api.Tests.Learning;

public sealed class ExploringFixture : ApiFixture
{
    // Every response explores, so one question is enough to see it; positions 3 to 5 of five are open.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Retrieval:Exploration:Share"] = "1",
        ["Retrieval:Exploration:Pool"] = "5",
    };
}

/// <summary>Exploration through the API: recorded with its policy and propensity, clickable like any result, replayed exactly.</summary>
public class ExplorationTests(ExploringFixture api) : IClassFixture<ExploringFixture>
{
    [Fact]
    public async Task An_explored_response_records_what_it_explored_and_the_replay_explores_alike()
    {
        for (var i = 0; i < 12; i++)
            await api.IngestTextAsync($"Heat pump note {i}", $"Heat pump note {i}: the heat pump {string.Join(' ', Enumerable.Repeat("heat", 12 - i))} service plan.");

        var body = await AskAsync("heat pump service", retriever: null);
        var explored = body.GetProperty("model_info").GetProperty("explored");
        var position = explored.GetProperty("position").GetInt32();
        position.ShouldBeInRange(3, 5);
        explored.GetProperty("from_rank").GetInt32().ShouldBeInRange(6, 10);
        var chunk = explored.GetProperty("chunk_id").GetGuid();
        body.GetProperty("sources")[position - 1].GetProperty("chunk_id").GetGuid().ShouldBe(chunk);

        var id = body.GetProperty("response_id").GetGuid();
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var shown = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<ResultsShown>().Single();
        shown.Exploration.ShouldBe(new ExplorationPolicy(1, 5, 3));
        shown.Explored.ShouldNotBeNull().Propensity.ShouldBe(1.0 / 5 / 3, 1e-12);
        shown.Explored.ChunkId.ShouldBe(chunk);

        // A click on it is feedback like any other.
        (await api.PostJsonAsync("/v1/feedback", new { response_id = id, type = "click", chunk_id = chunk, position })).EnsureSuccessStatusCode();

        var replay = await Eventually.Get(() => api.Services<QueryReplay>().ReplayResponseAsync("default", id, null, default),
            r => r?.Served is not null, TimeSpan.FromSeconds(30), "the replay to see the response");
        replay!.Served!.SameResults.ShouldBeTrue(replay.Served.FirstDifference);
        replay.Explored.ShouldBe(shown.Explored);
        replay.Served.Explored.ShouldBe(shown.Explored);
    }

    [Fact]
    public async Task A_client_that_names_its_retriever_gets_that_ranking_unexplored()
    {
        for (var i = 0; i < 8; i++) await api.IngestTextAsync($"Parking note {i}", $"Parking note {i}: where to park the car, space {i}.");

        var body = await AskAsync("where to park", retriever: "bm25");

        body.GetProperty("model_info").GetProperty("explored").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private async Task<JsonElement> AskAsync(string query, string? retriever)
    {
        var response = await api.PostJsonAsync("/v1/query", new { query, top_k = 5, retriever });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
    }
}

public sealed class AimedExplorationFixture : ApiFixture
{
    // Only questions whose earlier askers chose nothing explore, and then every time.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Retrieval:Exploration:Share"] = "0",
        ["Retrieval:Exploration:UncertainShare"] = "1",
        ["Retrieval:Exploration:Pool"] = "5",
    };
}

/// <summary>Exploration aimed where the shown lists fail: at questions earlier askers were shown answers to and chose nothing from.</summary>
public class AimedExplorationTests(AimedExplorationFixture api) : IClassFixture<AimedExplorationFixture>
{
    [Fact]
    public async Task A_question_nobody_chose_anything_for_explores_and_says_why_while_an_answered_one_does_not()
    {
        for (var i = 0; i < 12; i++)
            await api.IngestTextAsync($"Boiler note {i}", $"Boiler note {i}: the boiler {string.Join(' ', Enumerable.Repeat("boiler", 12 - i))} pressure check.");
        foreach (var question in new[] { "boiler pressure", "boiler check" })
            for (var i = 0; i < 2; i++)
            {
                var body = await AskAsync(question);
                body.GetProperty("model_info").GetProperty("explored").ValueKind.ShouldBe(JsonValueKind.Null);
                if (question == "boiler check") await ClickFirstAsync(body); // its askers found what they wanted
            }

        // Earlier askers are known to a host once its serving state has folded them (within a poll interval).
        await api.Services<ServingStateFeeder>().WaitForAsync(await TestDatabase.ScalarAsync($"select max(seq_id) from {api.Schema}.mt_events"),
            TimeSpan.FromSeconds(30), default);
        var unanswered = await AskAsync("boiler pressure");
        var answered = await AskAsync("boiler check");

        answered.GetProperty("model_info").GetProperty("explored").ValueKind.ShouldBe(JsonValueKind.Null);
        unanswered.GetProperty("model_info").GetProperty("explored").GetProperty("position").GetInt32().ShouldBeInRange(3, 5);
        var id = unanswered.GetProperty("response_id").GetGuid();
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        var shown = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<ResultsShown>().Single();
        shown.Exploration.ShouldBe(new ExplorationPolicy(1, 5, 3, Uncertain: true));
        var replay = await Eventually.Get(() => api.Services<QueryReplay>().ReplayResponseAsync("default", id, null, default),
            r => r?.Served is not null, TimeSpan.FromSeconds(30), "the replay to see the response");
        replay!.Served!.SameResults.ShouldBeTrue(replay.Served.FirstDifference);
    }

    private async Task ClickFirstAsync(JsonElement body)
    {
        var first = body.GetProperty("sources")[0];
        (await api.PostJsonAsync("/v1/feedback", new { response_id = body.GetProperty("response_id").GetGuid(), type = "click",
            chunk_id = first.GetProperty("chunk_id").GetGuid(), position = 1 })).EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> AskAsync(string query)
    {
        var response = await api.PostJsonAsync("/v1/query", new { query, top_k = 5 });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
    }
}
