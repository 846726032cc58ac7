using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Infrastructure.Models;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Audit;

/// <summary>"What would have been served at T": index, models and priors folded from the log, the query rerun by the serving code.</summary>
public class QueryReplayTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly EventMetadata Admin = new("default", "admin:test", "replay-test");

    [Fact]
    public async Task A_served_response_replays_to_what_was_served_and_a_later_point_shows_what_changed()
    {
        var shortDoc = await api.IngestTextAsync("Solar panel maintenance", "Solar panel maintenance: rinse them.");
        var longDoc = await api.IngestTextAsync("Roof notes", "Solar panel maintenance is part of the roof plan. " +
            string.Join(' ', Enumerable.Repeat("The crew checks gutters, tiles and flashing every spring.", 8)));
        await api.WaitUntilIndexedAsync(shortDoc);
        await api.WaitUntilIndexedAsync(longDoc);
        var before = await api.AskAsync("solar panel maintenance", new { query = "solar panel maintenance", user_id = "ann" });
        Top(before.GetProperty("sources")).ShouldBe(shortDoc);
        var beforeDeploy = await TestDatabase.ScalarAsync($"select max(seq_id) from {api.Schema}.mt_events");

        // A reranker that puts the longest matching chunk first is deployed; the same question now gets the long document.
        var at = DateTimeOffset.UtcNow;
        var artifact = await api.Services<ModelArtifactStore>().PutAsync(HandMadeModels.LongestFirst(), ModelKinds.Reranker, at, default);
        await api.RecordModelAsync("longest-v1", ModelKinds.Reranker, artifact, at, metadata: Admin);
        await api.Services<ModelDeployment>().DeployAsync("default", "longest-v1", "passed the gate", Admin, default);
        await api.Services<ServingStateFeeder>().WaitForAsync(await api.CountEventsAsync(), TimeSpan.FromSeconds(30), default);
        var after = await api.AskAsync("solar panel maintenance", new { query = "solar panel maintenance", user_id = "ann" });
        Top(after.GetProperty("sources")).ShouldBe(longDoc);

        // Each stored response, replayed at the positions it recorded, comes back as it was served.
        var first = await ReplayAsync(new { response_id = before.GetProperty("response_id").GetGuid() });
        Top(first.GetProperty("results")).ShouldBe(shortDoc);
        first.GetProperty("model").GetProperty("reranker").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("served").GetProperty("same_results").GetBoolean().ShouldBeTrue();
        first.GetProperty("served").GetProperty("same_answer").GetBoolean().ShouldBeTrue();
        first.GetProperty("serving_position").GetInt64().ShouldBeLessThan(beforeDeploy + 1);
        var second = await ReplayAsync(new { response_id = after.GetProperty("response_id").GetGuid() });
        Top(second.GetProperty("results")).ShouldBe(longDoc);
        second.GetProperty("model").GetProperty("reranker").GetString().ShouldBe("longest-v1");
        second.GetProperty("served").GetProperty("same_results").GetBoolean().ShouldBeTrue();

        // The first question asked again at the head would get the deployed model's order: the replay says where it parts.
        var now = await ReplayAsync(new { response_id = before.GetProperty("response_id").GetGuid(), as_of = (await api.CountEventsAsync()).ToString() });
        now.GetProperty("model").GetProperty("reranker").GetString().ShouldBe("longest-v1");
        now.GetProperty("served").GetProperty("same_results").GetBoolean().ShouldBeFalse();
        now.GetProperty("served").GetProperty("first_difference").GetString()!.ShouldStartWith("position 1:");

        // A question nobody asked, at a point in time: the state of then, not of now.
        var then = await ReplayAsync(new { query = "solar panel maintenance", as_of = beforeDeploy.ToString() });
        Top(then.GetProperty("results")).ShouldBe(shortDoc);
        then.GetProperty("served").ValueKind.ShouldBe(JsonValueKind.Null);

        // A document deleted since is gone from serving, but the replay of a response that showed it still finds it in the log.
        using (var delete = api.AsRole(HttpMethod.Delete, $"/v1/documents/{longDoc}"))
            (await api.Client.SendAsync(delete)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Eventually.Get(() => Task.FromResult(api.Services<Infrastructure.Search.SearchIndexes>().For("default").Find(
            after.GetProperty("sources")[0].GetProperty("chunk_id").GetGuid())), c => c is null, what: "the deleted document out of the index");
        var replayedAfterDelete = await ReplayAsync(new { response_id = after.GetProperty("response_id").GetGuid() });
        Top(replayedAfterDelete.GetProperty("results")).ShouldBe(longDoc);
        replayedAfterDelete.GetProperty("served").GetProperty("same_results").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Bad_replay_requests_get_problem_details()
    {
        (await SendAsync(new { response_id = Guid.NewGuid() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(new { query = "anything" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // a question needs a point in time
        (await SendAsync(new { query = "anything", response_id = Guid.NewGuid() })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SendAsync(new { query = "anything", as_of = "yesterday" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SendAsync(new { query = "anything", as_of = "999999999" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // not yet written
        (await SendAsync(new { query = "", as_of = "1" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await (await SendAsync(new { query = "anything", top_k = 0, as_of = "1" })).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        problem.GetProperty("code").GetString().ShouldBe("invalid_query");
    }

    private static Guid Top(JsonElement results) => results[0].GetProperty("document_id").GetGuid();

    private async Task<HttpResponseMessage> SendAsync(object body)
    {
        using var request = api.AsRole(HttpMethod.Post, "/v1/audit/replay", role: "auditor", body: body);
        return await api.Client.SendAsync(request);
    }

    private async Task<JsonElement> ReplayAsync(object body)
    {
        var response = await SendAsync(body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
    }
}
