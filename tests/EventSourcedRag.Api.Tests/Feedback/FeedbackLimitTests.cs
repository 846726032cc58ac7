using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Testing;
using Npgsql;

namespace EventSourcedRag.Api.Tests.Feedback;

public sealed class FeedbackLimitFixture : ApiFixture
{
    // Small caps and a small queue (two signals per partition), so each is reached by a handful of requests.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Feedback:MaxSignalsPerResponsePerHour"] = "5",
        ["Feedback:MaxSignalsPerUserPerMinute"] = "8",
        ["Feedback:MaxQueuedSignals"] = "8",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await IngestTextAsync("Badges", "Lost badges are blocked by security. A replacement badge costs 25 euros after the first one.");
    }

    public async Task<Guid> AskAsync() => (await AskAsync("replacement badge cost")).GetProperty("response_id").GetGuid();

    public async Task<HttpResponseMessage> PostAsUserAsync(string path, object body, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("X-User-Id", user);
        return await Client.SendAsync(request);
    }
}

public class FeedbackLimitTests(FeedbackLimitFixture api) : IClassFixture<FeedbackLimitFixture>
{
    private static async Task<string?> CodeOf(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private static int RetryAfter(HttpResponseMessage r) => (int)r.Headers.RetryAfter!.Delta!.Value.TotalSeconds;

    [Fact]
    public async Task Signals_over_the_per_response_cap_get_429_with_Retry_After_and_a_retry_of_a_stored_one_is_still_a_duplicate()
    {
        var response = await api.AskAsync();
        for (var i = 0; i < 5; i++)
            (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "copy", idempotency_key = $"cap-{i}" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "copy", idempotency_key = "cap-5" });
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await CodeOf(refused)).ShouldBe("feedback_limit");
        RetryAfter(refused).ShouldBeInRange(3500, 3600); // the hour opened by the first signal, less the seconds since
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "copy", idempotency_key = "cap-0" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // In a batch the signals over the cap are rejected alone, and the answer says when to send them again.
        var other = await api.AskAsync();
        var batch = await api.PostJsonAsync("/v1/feedback/batch", new
        {
            signals = Enumerable.Range(0, 4).Select(i => new { response_id = response, type = "copy", idempotency_key = $"cap-b{i}" })
                .Append(new { response_id = other, type = "copy", idempotency_key = "cap-other" }).ToArray(),
        });
        batch.StatusCode.ShouldBe(HttpStatusCode.OK);
        RetryAfter(batch).ShouldBeInRange(3500, 3600);
        var results = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        results.Take(4).ShouldAllBe(r => r.GetProperty("status").GetString() == "rejected" && r.GetProperty("problem").GetProperty("status").GetInt32() == 429);
        results[4].GetProperty("status").GetString().ShouldBe("stored");
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where stream_id = '{response}' and type = 'answer_copied'")).ShouldBe(5);
    }

    [Fact]
    public async Task An_end_user_over_the_per_user_cap_gets_429_with_Retry_After_on_every_response()
    {
        var responses = new[] { await api.AskAsync(), await api.AskAsync() };
        var user = $"spammer-{Guid.NewGuid():N}";
        for (var i = 0; i < 6; i++)
            (await api.PostAsUserAsync("/v1/feedback", new { response_id = responses[i % 2], type = "thumbs_up", idempotency_key = $"{user}-{i}" }, user))
                .StatusCode.ShouldBe(HttpStatusCode.Created);

        var batch = await api.PostAsUserAsync("/v1/feedback/batch", new
        {
            signals = Enumerable.Range(6, 4).Select(i => new { response_id = responses[1], type = "thumbs_down", idempotency_key = $"{user}-{i}" }).ToArray(),
        }, user);
        var statuses = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        statuses.ShouldBe(["stored", "stored", "rejected", "rejected"]);
        RetryAfter(batch).ShouldBeInRange(1, 60);

        var refused = await api.PostAsUserAsync("/v1/feedback", new { response_id = responses[0], type = "thumbs_up", idempotency_key = $"{user}-x" }, user);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await CodeOf(refused)).ShouldBe("feedback_limit");
        RetryAfter(refused).ShouldBeInRange(1, 60);
        // Another user is not held back by the first.
        (await api.PostAsUserAsync("/v1/feedback", new { response_id = responses[0], type = "thumbs_up", idempotency_key = $"{user}-y" }, "someone-else"))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task When_a_partition_holds_its_share_of_signals_more_get_503_with_Retry_After_and_those_held_are_stored_once_the_store_moves()
    {
        var response = await api.AskAsync();
        // Hold the response's stream row, so the signals queued for it wait inside their transaction.
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var hold = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand($"select version from {api.Schema}.mt_streams where id = '{response}' for update", connection, hold))
            await lockRow.ExecuteScalarAsync();

        // Signals go in one after the other: each either waits (held in the partition) or is answered at once.
        var held = new List<Task<HttpResponseMessage>>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4 && refused is null; i++)
        {
            var sent = api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "copy", idempotency_key = $"held-{i}" });
            if (await Task.WhenAny(sent, Task.Delay(TimeSpan.FromSeconds(1))) == sent) refused = await sent;
            else held.Add(sent);
        }

        held.Count.ShouldBe(2); // the partition's share of Feedback:MaxQueuedSignals
        refused.ShouldNotBeNull();
        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await CodeOf(refused)).ShouldBe("feedback_queue_full");
        RetryAfter(refused).ShouldBeGreaterThanOrEqualTo(1);

        await hold.RollbackAsync();
        (await Task.WhenAll(held)).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "copy", idempotency_key = "held-2" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
