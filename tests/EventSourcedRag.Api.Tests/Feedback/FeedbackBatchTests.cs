using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Feedback;

public sealed class FeedbackBatchFixture : ApiFixture
{
    // The constant-cost test puts two thousand signals on one response: over the default cap, which has tests of its own.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Feedback:MaxSignalsPerResponsePerHour"] = "100000" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await IngestTextAsync("Badges", "Lost badges are blocked by security. A replacement badge costs 25 euros after the first one.");
    }

    public async Task<(Guid Response, Guid Chunk)> AskAsync()
    {
        var body = await AskAsync("replacement badge cost");
        return (body.GetProperty("response_id").GetGuid(), body.GetProperty("sources")[0].GetProperty("chunk_id").GetGuid());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> BatchAsync(params object?[] signals)
    {
        var response = await PostJsonAsync("/v1/feedback/batch", new { signals });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Json));
    }

    public Task<long> StreamLengthAsync(Guid response) => TestDatabase.ScalarAsync($"select count(*) from {Schema}.mt_events where stream_id = '{response}'");

    public static string[] Statuses(JsonElement body) => body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToArray();
}

public class FeedbackBatchTests(FeedbackBatchFixture api) : IClassFixture<FeedbackBatchFixture>
{
    private const int Served = 4;

    [Fact]
    public async Task A_partly_bad_batch_stores_its_good_signals_in_one_transaction_and_rejects_each_bad_one_alone()
    {
        var (response, chunk) = await api.AskAsync();
        var (status, body) = await api.BatchAsync(
            new { response_id = response, type = "click", chunk_id = chunk, position = 1, idempotency_key = "p-1" },
            new { response_id = response, type = "rating", stars = 9, idempotency_key = "p-2" },
            new { response_id = Guid.NewGuid(), type = "thumbs_up", idempotency_key = "p-3" },
            new { response_id = response, type = "thumbs_up" },
            null,
            new { response_id = response, type = "click", chunk_id = Guid.NewGuid(), idempotency_key = "p-5" },
            new { response_id = response, type = "dwell", chunk_id = chunk, seconds = 12.5, idempotency_key = "p-6" });

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        FeedbackBatchFixture.Statuses(body).ShouldBe(["stored", "rejected", "rejected", "rejected", "rejected", "rejected", "stored"]);
        var problems = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("problem")).ToArray();
        problems.Where(p => p.ValueKind != JsonValueKind.Null).Select(p => (p.GetProperty("status").GetInt32(), p.GetProperty("code").GetString()))
            .ShouldBe([(400, "invalid_rating"), (404, "not_found"), (400, "missing_idempotency_key"), (400, "missing_signal"), (400, "chunk_not_shown")]);
        (body.GetProperty("stored").GetInt32(), body.GetProperty("rejected").GetInt32()).ShouldBe((2, 5));
        body.GetProperty("results")[6].GetProperty("event").GetString().ShouldBe("DwellRecorded");

        (await api.StreamLengthAsync(response)).ShouldBe(Served + 2);
        // Both events were written by one transaction: PostgreSQL stamps each row with the transaction that inserted it.
        (await TestDatabase.ScalarAsync($"select count(distinct xmin::text) from {api.Schema}.mt_events where stream_id = '{response}' and version > {Served}")).ShouldBe(1);
    }

    [Fact]
    public async Task A_retried_batch_answers_duplicate_for_every_signal_and_stores_nothing_new()
    {
        var (response, chunk) = await api.AskAsync();
        object[] batch =
        [
            new { response_id = response, type = "click", chunk_id = chunk, idempotency_key = "r-1" },
            new { response_id = response, type = "thumbs_up", comment = "clear", idempotency_key = "r-2" },
            new { response_id = response, type = "rating", stars = 4, idempotency_key = "r-3" },
        ];
        FeedbackBatchFixture.Statuses((await api.BatchAsync(batch)).Body).ShouldBe(["stored", "stored", "stored"]);
        var retry = (await api.BatchAsync(batch)).Body;
        FeedbackBatchFixture.Statuses(retry).ShouldBe(["duplicate", "duplicate", "duplicate"]);
        retry.GetProperty("duplicates").GetInt32().ShouldBe(3);
        (await api.StreamLengthAsync(response)).ShouldBe(Served + 3);
    }

    [Fact]
    public async Task Overlapping_batches_sent_at_once_store_every_key_exactly_once()
    {
        var (response, _) = await api.AskAsync();
        var (other, _) = await api.AskAsync();
        // Keys 0-29 and 15-44 on two responses, with single posts of keys 40-49 racing them: 50 keys in all.
        object Signal(int k) => new { response_id = k % 2 == 0 ? response : other, type = "dwell", seconds = 1 + k, idempotency_key = $"o-{k}" };
        var first = api.BatchAsync(Enumerable.Range(0, 30).Select(Signal).ToArray());
        var second = api.BatchAsync(Enumerable.Range(15, 30).Select(Signal).ToArray());
        var singles = Enumerable.Range(40, 10).Select(k => api.PostJsonAsync("/v1/feedback", Signal(k))).ToList();
        await Task.WhenAll(first, second, Task.WhenAll(singles));

        var stored = FeedbackBatchFixture.Statuses((await first).Body).Count(s => s == "stored") + FeedbackBatchFixture.Statuses((await second).Body).Count(s => s == "stored")
            + singles.Count(s => s.Result.StatusCode == HttpStatusCode.Created);
        stored.ShouldBe(50);
        FeedbackBatchFixture.Statuses((await first).Body).Concat(FeedbackBatchFixture.Statuses((await second).Body)).ShouldNotContain("rejected");
        var keys = await TestDatabase.RowsAsync($"select data->>'feedbackKey', count(*) from {api.Schema}.mt_events where stream_id in ('{response}', '{other}') and type = 'dwell_recorded' group by 1");
        keys.Count.ShouldBe(50);
        keys.ShouldAllBe(k => (long)k[1]! == 1);
    }

    [Fact]
    public async Task A_key_twice_in_one_batch_is_stored_once()
    {
        var (response, _) = await api.AskAsync();
        var signal = new { response_id = response, type = "thumbs_down", idempotency_key = "twice" };
        FeedbackBatchFixture.Statuses((await api.BatchAsync(signal, signal)).Body).ShouldBe(["stored", "duplicate"]);
        (await api.StreamLengthAsync(response)).ShouldBe(Served + 1);
    }

    [Fact]
    public async Task A_batch_that_is_empty_or_over_the_limit_is_refused_whole()
    {
        var (response, _) = await api.AskAsync();
        var (empty, emptyBody) = await api.BatchAsync();
        (empty, emptyBody.GetProperty("code").GetString()).ShouldBe((HttpStatusCode.BadRequest, "missing_signals"));
        var (over, overBody) = await api.BatchAsync(Enumerable.Range(0, 501).Select(i => (object?)new { response_id = response, type = "abandon", idempotency_key = $"x-{i}" }).ToArray());
        (over, overBody.GetProperty("code").GetString()).ShouldBe((HttpStatusCode.BadRequest, "too_many_signals"));
        (await api.StreamLengthAsync(response)).ShouldBe(Served);
    }

    [Fact]
    public async Task The_two_thousandth_signal_on_a_response_is_decided_from_its_ledger_without_reading_the_stream()
    {
        var writer = api.Services<Infrastructure.Feedback.FeedbackWriter>();
        var (response, _) = await api.AskAsync();
        var before = writer.EventsFolded;
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "abandon", idempotency_key = "first" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // The first signal brings the response's ledger level with its stream: the served events, folded once.
        (writer.EventsFolded - before).ShouldBe(Served);

        for (var b = 0; b < 4; b++)
        {
            var (_, body) = await api.BatchAsync(Enumerable.Range(0, 500).Select(i => (object?)new { response_id = response, type = "copy", idempotency_key = $"c-{b}-{i}" }).ToArray());
            body.GetProperty("stored").GetInt32().ShouldBe(500);
        }
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "abandon", idempotency_key = "last" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "abandon", idempotency_key = "c-0-0" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Two thousand and two signals later, not one stream event was read again: each decision read the ledger row and its own key's claim.
        (writer.EventsFolded - before).ShouldBe(Served);
        var length = await api.StreamLengthAsync(response);
        length.ShouldBe(Served + 2002);
        (await TestDatabase.ScalarAsync($"select (data->>'version')::bigint from {api.Schema}.mt_doc_feedbackledger where id = '{response}'")).ShouldBe(length);
    }

    [Fact]
    public async Task A_response_whose_ledger_is_missing_or_behind_folds_only_what_it_lacks_and_keeps_every_earlier_key_a_duplicate()
    {
        var writer = api.Services<Infrastructure.Feedback.FeedbackWriter>();
        var (response, _) = await api.AskAsync();
        FeedbackBatchFixture.Statuses((await api.BatchAsync(Enumerable.Range(0, 5).Select(i => (object?)new { response_id = response, type = "copy", idempotency_key = $"m-{i}" }).ToArray())).Body)
            .ShouldAllBe(s => s == "stored");
        // As for a response answered before ledgers existed: no ledger, no claims.
        await TestDatabase.ExecuteAsync($"delete from {api.Schema}.mt_doc_feedbackledger where id = '{response}'; delete from {api.Schema}.mt_doc_feedbackkeyclaim where id like '{response:N}:%'");
        var before = writer.EventsFolded;
        FeedbackBatchFixture.Statuses((await api.BatchAsync(new { response_id = response, type = "copy", idempotency_key = "m-3" }, new { response_id = response, type = "copy", idempotency_key = "m-9" })).Body)
            .ShouldBe(["duplicate", "stored"]);
        (writer.EventsFolded - before).ShouldBe(Served + 5);

        // Written by another path, the ledger falls behind by one event, and only that event is folded.
        await using (var session = api.Services<Marten.IDocumentStore>().LightweightSession("default"))
        {
            var version = (await session.Events.FetchStreamStateAsync(response))!.Version;
            session.Events.Append(response, version + 1, new Domain.Feedback.QueryAbandoned(response, "k:elsewhere", null, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        before = writer.EventsFolded;
        FeedbackBatchFixture.Statuses((await api.BatchAsync(new { response_id = response, type = "abandon", idempotency_key = "elsewhere" }, new { response_id = response, type = "copy", idempotency_key = "m-0" })).Body)
            .ShouldBe(["duplicate", "duplicate"]);
        (writer.EventsFolded - before).ShouldBe(1);
        (await api.StreamLengthAsync(response)).ShouldBe(Served + 7);
    }

    [Fact]
    public async Task The_API_document_lists_the_batch_operation_under_Feedback_with_its_id()
    {
        var document = await (await api.GetWithoutCredentialAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonElement>();
        var operation = document.GetProperty("paths").GetProperty("/v1/feedback/batch").GetProperty("post");
        operation.GetProperty("operationId").GetString().ShouldBe("recordFeedbackBatch");
        operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["Feedback"]);
        operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema")
            .GetProperty("$ref").GetString().ShouldBe("#/components/schemas/FeedbackBatchResponse");
    }
}
