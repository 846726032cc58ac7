using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Queries;

public sealed class QueryApiFixture : ApiFixture
{
    public Guid Vacation { get; private set; }
    public Guid Parking { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Vacation = await IngestTextAsync("Vacation policy", "Employees get 27 days of paid vacation per year. Unused days expire on March 31.", tags: ["hr"]);
        Parking = await IngestTextAsync("Parking", "The garage has 40 parking spaces, booked in the DeskSpot app. Chargers for electric cars are free.", tags: ["facilities"]);
    }
}

public class QueryApiTests(QueryApiFixture api) : IClassFixture<QueryApiFixture>
{
    [Fact]
    public async Task A_query_returns_a_cited_answer_and_its_sources()
    {
        var body = await api.AskAsync("how many vacation days do I get?");

        body.GetProperty("response_id").GetGuid().ShouldNotBe(Guid.Empty);
        body.GetProperty("answer").GetString().ShouldBe("Employees get 27 days of paid vacation per year. [1]");
        var source = body.GetProperty("sources")[0];
        source.GetProperty("document_id").GetGuid().ShouldBe(api.Vacation);
        source.GetProperty("position").GetInt32().ShouldBe(1);
        source.GetProperty("title").GetString().ShouldBe("Vacation policy");
        source.GetProperty("score").GetDouble().ShouldBeGreaterThan(0);
        body.GetProperty("confidence").GetDouble().ShouldBeInRange(0.01, 1);
        body.GetProperty("model_info").GetProperty("generator").GetString().ShouldBe("extractive-v1");
        body.GetProperty("latency_ms").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_timeline_holds_every_event_of_the_response_in_order_with_metadata()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query") { Content = JsonContent.Create(new { query = "parking spaces", session_id = "s-9" }) };
        request.Headers.Add("X-User-Id", "alice@example.com");
        request.Headers.Add("X-Correlation-Id", "corr-123");
        var asked = await (await api.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        var id = asked.GetProperty("response_id").GetGuid();
        var chunk = asked.GetProperty("sources")[0].GetProperty("chunk_id").GetGuid();
        (await api.PostJsonAsync("/v1/feedback", new { response_id = id, type = "click", chunk_id = chunk, position = 1 })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var timeline = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/query/{id}", ApiFixture.Json);
        var events = timeline.GetProperty("events").EnumerateArray().ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["query_received", "results_shown", "ranking_features_logged", "answer_generated", "source_clicked"]);
        events.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([1L, 2L, 3L, 4L, 5L]);
        events[0].GetProperty("correlation_id").GetString().ShouldBe("corr-123");
        var received = events[0].GetProperty("data");
        received.GetProperty("session_id").GetString().ShouldBe("s-9");
        var userHash = received.GetProperty("user_hash").GetString()!;
        userHash.ShouldStartWith("u:");
        userHash.ShouldNotContain("alice");
        events[0].GetProperty("actor").GetString().ShouldBe(userHash);
        var shown = events[1].GetProperty("data").GetProperty("results")[0];
        shown.GetProperty("chunk_id").GetGuid().ShouldBe(chunk);
        shown.GetProperty("scores").GetProperty("bm25_rank").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task The_full_retriever_reranks_and_records_the_reranker_and_its_scores()
    {
        var body = await api.AskAsync("", new { query = "parking spaces for electric cars", retriever = "full" });
        body.GetProperty("sources")[0].GetProperty("document_id").GetGuid().ShouldBe(api.Parking);
        var reranker = body.GetProperty("model_info").GetProperty("reranker").GetString();
        reranker.ShouldNotBeNull().ShouldStartWith("linear-");
        body.GetProperty("stages").GetProperty("rerank_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);

        var timeline = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/query/{body.GetProperty("response_id").GetGuid()}", ApiFixture.Json);
        var events = timeline.GetProperty("events").EnumerateArray().ToList();
        events[0].GetProperty("data").GetProperty("model").GetProperty("reranker").GetString().ShouldBe(reranker);
        var scores = events[1].GetProperty("data").GetProperty("results")[0].GetProperty("scores");
        scores.GetProperty("rerank").GetDouble().ShouldBe(body.GetProperty("sources")[0].GetProperty("score").GetDouble(), 1e-6);

        var hybrid = await api.AskAsync("", new { query = "parking spaces for electric cars", retriever = "hybrid" });
        hybrid.GetProperty("model_info").GetProperty("reranker").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Filters_narrow_retrieval_to_matching_documents()
    {
        var body = await api.AskAsync("", new { query = "days spaces", filters = new { tags = new[] { "facilities" } } });
        body.GetProperty("sources").EnumerateArray().ShouldAllBe(s => s.GetProperty("document_id").GetGuid() == api.Parking);
        var byId = await api.AskAsync("", new { query = "days spaces", filters = new { document_ids = new[] { api.Vacation } } });
        byId.GetProperty("sources").EnumerateArray().ShouldAllBe(s => s.GetProperty("document_id").GetGuid() == api.Vacation);
    }

    [Fact]
    public async Task An_acronym_from_the_configured_dictionary_finds_what_it_stands_for()
    {
        var sources = (await api.AskAsync("how much PTO?")).GetProperty("sources");
        sources[0].GetProperty("document_id").GetGuid().ShouldBe(api.Vacation);
    }

    [Fact]
    public async Task Documents_of_another_tenant_are_never_returned()
    {
        var body = await api.AskAsync("vacation days", tenant: "someone-else");
        body.GetProperty("sources").GetArrayLength().ShouldBe(0);
        (await api.Client.GetAsync($"/v1/query/{body.GetProperty("response_id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"query\": \"\"}", "invalid_query")]
    [InlineData("{\"query\": \"x\", \"top_k\": 0}", "invalid_query")]
    [InlineData("{\"query\": \"x\", \"fusion\": \"magic\"}", "invalid_query")]
    [InlineData("{\"query\": \"x\", \"filters\": {\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}}", "invalid_query")]
    [InlineData("{\"query\": 5}", "malformed_json")]
    [InlineData("not json", "malformed_json")]
    public async Task Invalid_queries_get_400_problem_details_and_store_nothing(string json, string code)
    {
        var before = await api.CountEventsAsync("query_received");
        var response = await api.Client.PostAsync("/v1/query", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
        (await api.CountEventsAsync("query_received")).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_response_has_no_timeline() =>
        (await api.Client.GetAsync($"/v1/query/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
}
