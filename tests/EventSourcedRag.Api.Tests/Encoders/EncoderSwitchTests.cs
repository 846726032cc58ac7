using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Api.Tests.Search;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Encoders;

/// <summary>The tiny folder encoder configured, and a switch to the packaged MiniLM checked often.</summary>
public sealed class EncoderSwitchFixture : TinyEncoderFixture
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings) { ["EncoderSwitch:CheckInterval"] = "00:00:00.200" };
}

public class EncoderSwitchTests(EncoderSwitchFixture api) : IClassFixture<EncoderSwitchFixture>
{
    private static readonly string MiniLm = EncoderLibrary.VersionOf(PretrainedEncoders.MiniLm, 0)!;

    [Fact]
    public async Task A_switch_re_embeds_in_the_background_serves_the_old_encoder_until_complete_then_the_new_one_everywhere()
    {
        var tiny = api.Services<SearchIndexes>().EncoderVersion!;
        var refund = await api.IngestTextAsync("Refund policy", "The refund policy is a cancellation policy.");
        await api.IngestTextAsync("Vacation", "Vacation days .");
        var before = await api.AskAsync("refund cancellation", new { query = "refund cancellation", retriever = "dense" });
        before.GetProperty("model_info").GetProperty("embedding_model").GetString().ShouldBe(tiny);

        var started = await SendAsync(HttpMethod.Post, "/v1/admin/encoder/switch", new { model = "all-MiniLM-L6-v2", reason = "a better encoder" });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var status = await started.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        status.GetProperty("switching_to").GetString().ShouldBe(MiniLm);

        // Completed by the worker once every live chunk has a MiniLM vector; then this host swaps its index over.
        await Eventually.Get(() => Task.FromResult(api.Services<SearchIndexes>().StoredVectorVersionOf("default")), v => v == MiniLm,
            TimeSpan.FromSeconds(90), "the index to switch to MiniLM");
        var after = await api.AskAsync("a refund for my cancellation", new { query = "a refund for my cancellation", retriever = "dense" });
        after.GetProperty("model_info").GetProperty("embedding_model").GetString().ShouldBe(MiniLm);
        after.GetProperty("sources")[0].GetProperty("document_id").GetGuid().ShouldBe(refund);

        var final = await (await SendAsync(HttpMethod.Get, "/v1/admin/encoder", null, "auditor")).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        final.GetProperty("serving").GetString().ShouldBe(MiniLm);
        final.GetProperty("switching_to").ValueKind.ShouldBe(JsonValueKind.Null);
        (await api.CountEventsAsync("encoder_switch_started")).ShouldBe(1);
        (await api.CountEventsAsync("encoder_switched")).ShouldBe(1);

        // A document arriving now is embedded under MiniLM only and indexed as such.
        var vectors = api.Services<ChunkVectorStore>();
        var tinyVectors = await vectors.CountAsync("default", tiny, CancellationToken.None);
        var late = await api.IngestTextAsync("Office", "The office lunch .");
        (await api.WaitUntilIndexedAsync(late)).GetProperty("embedding_model").GetString().ShouldBe(MiniLm);
        (await vectors.CountAsync("default", tiny, CancellationToken.None)).ShouldBe(tinyVectors);
        (await vectors.CountAsync("default", MiniLm, CancellationToken.None)).ShouldBe(3);

        // The response served before the switch replays with the encoder that served it.
        var replay = await SendAsync(HttpMethod.Post, "/v1/audit/replay", new { response_id = before.GetProperty("response_id").GetGuid() }, "auditor");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        var replayed = await replay.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        replayed.GetProperty("served").GetProperty("same_results").GetBoolean().ShouldBeTrue();

        var again = await SendAsync(HttpMethod.Post, "/v1/admin/encoder/switch", new { model = "all-MiniLM-L6-v2", reason = "again" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Code(again)).ShouldBe("already_serving");
    }

    [Theory]
    [InlineData("lsa", "not_a_switch_target")]
    [InlineData("bert-huge", "unknown_encoder")]
    public async Task A_switch_to_what_is_no_packaged_encoder_is_refused_and_stores_nothing(string model, string code)
    {
        var events = await api.CountEventsAsync();
        var response = await SendAsync(HttpMethod.Post, "/v1/admin/encoder/switch", new { model, reason = "try" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Code(response)).ShouldBe(code);
        (await api.CountEventsAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task Cancelling_when_nothing_switches_is_a_conflict()
    {
        var response = await SendAsync(HttpMethod.Post, "/v1/admin/encoder/switch/cancel", new { reason = "changed my mind" });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Code(response)).ShouldBe("no_switch");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string role = "admin")
    {
        using var request = api.AsRole(method, path, role, body);
        return await api.Client.SendAsync(request);
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
