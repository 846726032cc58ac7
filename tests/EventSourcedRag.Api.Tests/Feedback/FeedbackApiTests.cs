using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Feedback;

public sealed class FeedbackApiFixture : ApiFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await IngestTextAsync("Badges", "Lost badges are blocked by security. A replacement badge costs 25 euros after the first one.");
        await IngestTextAsync("Printing", "Colour printing is limited to 100 pages per month. Confidential prints are shredded.");
    }
}

public class FeedbackApiTests(FeedbackApiFixture api) : IClassFixture<FeedbackApiFixture>
{
    private async Task<(Guid Response, Guid Chunk, int Position)> Ask(string q = "replacement badge cost")
    {
        var body = await api.AskAsync(q);
        var first = body.GetProperty("sources")[0];
        return (body.GetProperty("response_id").GetGuid(), first.GetProperty("chunk_id").GetGuid(), first.GetProperty("position").GetInt32());
    }

    private const int Served = 4; // query received, results shown, ranking features logged, answer generated

    private async Task<long> StreamLength(Guid response) =>
        await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where stream_id = '{response}'");

    [Fact]
    public async Task Every_signal_type_is_stored_as_its_event()
    {
        var (response, chunk, position) = await Ask();
        var (other, _, _) = await Ask("colour printing pages");
        object[] bodies =
        [
            new { response_id = response, type = "click", chunk_id = chunk, position },
            new { response_id = response, type = "dwell", chunk_id = chunk, seconds = 42.5 },
            new { response_id = response, type = "copy" },
            new { response_id = response, type = "share", channel = "email" },
            new { response_id = response, type = "thumbs_up", comment = "clear" },
            new { response_id = response, type = "thumbs_down" },
            new { response_id = response, type = "rating", stars = 4 },
            new { response_id = response, type = "wrong_source", chunk_id = chunk },
            new { response_id = response, type = "missing_info", comment = "no price for the first" },
            new { response_id = response, type = "suggested_source", chunk_id = Guid.NewGuid() },
            new { response_id = response, type = "reformulation", follow_up_response_id = other },
            new { response_id = response, type = "abandon" },
        ];
        var stored = new List<string>();
        foreach (var body in bodies)
        {
            var r = await api.PostJsonAsync("/v1/feedback", body);
            r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
            stored.Add((await r.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("event").GetString()!);
        }
        stored.ShouldBe(["SourceClicked", "DwellRecorded", "AnswerCopied", "AnswerShared", "ThumbsUpGiven", "ThumbsDownGiven", "AnswerRated",
            "WrongSourceFlagged", "MissingInfoFlagged", "SourceSuggested", "QueryReformulated", "QueryAbandoned"]);
        (await StreamLength(response)).ShouldBe(Served + bodies.Length);
    }

    [Fact]
    public async Task A_retried_submission_returns_200_and_stores_nothing_new()
    {
        var (response, chunk, position) = await Ask();
        var body = new { response_id = response, type = "click", chunk_id = chunk, position, client_timestamp = "2026-11-01T10:00:00Z" };
        (await api.PostJsonAsync("/v1/feedback", body)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var retry = await api.PostJsonAsync("/v1/feedback", body);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await retry.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("stored").GetBoolean().ShouldBeFalse();

        var keyed = new { response_id = response, type = "thumbs_up", idempotency_key = "abc-1" };
        (await api.PostJsonAsync("/v1/feedback", keyed)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostJsonAsync("/v1/feedback", keyed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StreamLength(response)).ShouldBe(Served + 2); // the click and the thumbs up, once each
    }

    [Fact]
    public async Task Concurrent_duplicates_store_exactly_one_event_and_distinct_signals_all_land()
    {
        var (response, chunk, position) = await Ask();
        var duplicate = new { response_id = response, type = "click", chunk_id = chunk, position, idempotency_key = "same-click" };
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => api.PostJsonAsync("/v1/feedback", duplicate)));
        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(15);

        // Different keys racing on the same stream conflict optimistically, retry, and every one is stored once.
        var distinct = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "dwell", seconds = 10 + i, idempotency_key = $"dwell-{i}" })));
        distinct.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        (await StreamLength(response)).ShouldBe(Served + 1 + 12);
    }

    [Fact]
    public async Task Feedback_on_an_unknown_response_is_404() =>
        (await api.PostJsonAsync("/v1/feedback", new { response_id = Guid.NewGuid(), type = "thumbs_up" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

    [Theory]
    [InlineData("{\"type\": \"thumbs_up\"}", "missing_response_id")]
    [InlineData("{\"response_id\": \"RID\"}", "missing_type")]
    [InlineData("{\"response_id\": \"RID\", \"type\": \"love\"}", "unknown_type")]
    [InlineData("{\"response_id\": \"RID\", \"type\": \"rating\"}", "missing_field")]
    [InlineData("{\"response_id\": \"RID\", \"type\": \"rating\", \"stars\": 9}", "invalid_rating")]
    [InlineData("{\"response_id\": \"RID\", \"type\": \"click\", \"chunk_id\": \"00000000-0000-0000-0000-000000000001\"}", "chunk_not_shown")]
    [InlineData("{\"response_id\": \"RID\", \"type\": \"dwell\", \"seconds\": -1}", "invalid_dwell")]
    [InlineData("{\"response_id\": \"RID\", \"type\": \"thumbs_up\", \"idempotency_key\": \"\"}", "invalid_idempotency_key")]
    [InlineData("{\"response_id\": \"not-a-guid\", \"type\": \"thumbs_up\"}", "malformed_json")]
    public async Task Invalid_feedback_gets_400_and_stores_nothing(string template, string code)
    {
        var (response, _, _) = await Ask();
        var before = await StreamLength(response);
        var result = await api.Client.PostAsync("/v1/feedback", new StringContent(template.Replace("RID", response.ToString()), Encoding.UTF8, "application/json"));
        result.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await result.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
        (await StreamLength(response)).ShouldBe(before);
    }

    [Fact]
    public async Task A_stale_writer_loses_the_optimistic_concurrency_race()
    {
        var (response, _, _) = await Ask();
        var store = api.Services<Marten.IDocumentStore>();
        await using var first = store.LightweightSession("default");
        await using var second = store.LightweightSession("default");
        var version = (await first.Events.FetchStreamStateAsync(response))!.Version;
        first.Events.Append(response, version + 1, new Domain.Feedback.QueryAbandoned(response, "k-a", null, DateTimeOffset.UtcNow));
        second.Events.Append(response, version + 1, new Domain.Feedback.QueryAbandoned(response, "k-b", null, DateTimeOffset.UtcNow));
        await first.SaveChangesAsync();
        await Should.ThrowAsync<JasperFx.ConcurrencyException>(() => second.SaveChangesAsync());
        (await StreamLength(response)).ShouldBe(version + 1);
    }

    [Fact]
    public async Task Signals_sent_together_are_each_stored_once_with_their_own_request_metadata()
    {
        var (response, chunk, position) = await Ask();
        var (other, _, _) = await Ask("colour printing pages");
        var hasher = api.Services<Infrastructure.Privacy.UserHasher>();

        // Sixty signals at once on two responses: batched into shared transactions, and a third of them repeats.
        var sent = Enumerable.Range(0, 60).Select(i => (User: $"user-{i}", Correlation: $"corr-{i}", Response: i % 2 == 0 ? response : other,
            Key: $"together-{i % 40}")).ToList();
        var results = await Task.WhenAll(sent.Select(async s =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/feedback")
            {
                Content = JsonContent.Create(new { response_id = s.Response, type = "thumbs_up", idempotency_key = s.Key + s.Response }),
            };
            request.Headers.Add("X-User-Id", s.User);
            request.Headers.Add("X-Correlation-Id", s.Correlation);
            return (s, (await api.Client.SendAsync(request)).StatusCode);
        }));

        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(40);
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(20);
        var rows = await TestDatabase.RowsAsync(
            $"select correlation_id, headers->>'actor' from {api.Schema}.mt_events where type = 'thumbs_up_given' and correlation_id like 'corr-%'");
        rows.Count.ShouldBe(40);
        foreach (var (s, _) in results.Where(r => r.StatusCode == HttpStatusCode.Created))
            rows.ShouldContain(r => (string)r[0]! == s.Correlation && (string)r[1]! == hasher.Hash("default", s.User), $"signal {s.Correlation}");
    }
}
