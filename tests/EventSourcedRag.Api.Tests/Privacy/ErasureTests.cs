using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Domain.Feedback;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Audit;
using EventSourcedRag.Infrastructure.Serving;
using EventSourcedRag.Retrieval.Ranking;
using Marten;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Privacy;

/// <summary>
/// Two users leave queries, clicks and a comment; one is erased; the log, read models, export, registry and chain are
/// checked. With the default settings (issue 24: the query text stayed readable because sealing it was opt-in).
/// </summary>
public partial class ErasureTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";

    [Fact]
    public async Task Erasure_shreds_the_subjects_key_forgets_them_in_derived_data_flags_models_and_keeps_the_chain_valid()
    {
        foreach (var (title, text) in new[] { ("Zorblax policy", "The zorblax allowance is 14 crates per quarter."), ("Zorblax storage", "Zorblax crates are stored in hall 9."),
                     ("Zorblax returns", "Unused zorblax crates go back to the depot.") })
            await api.IngestTextAsync(title, text);
        var alice = await AskAndReadAsync(Alice, "where does alice keep her zorblax crates");
        await Feedback(Alice, new { response_id = alice, type = "thumbs_up", comment = "call me on 555-0101" });
        var bob = await AskAndReadAsync(Bob, "zorblax crates storage hall");
        var trainedOn = await TestDatabase.ScalarAsync($"select max(seq_id) from {api.Schema}.mt_events");
        await api.RecordModelAsync("lambdamart-erasuretest", ModelKinds.Reranker, "def456", DateTimeOffset.UtcNow, validated: null, asOfSequence: trainedOn);

        // Sealed at rest: neither the comment, the query text nor the user id is in any stored event.
        foreach (var secret in new[] { "555-0101", "alice keep", Alice })
            (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where data::text like '%{secret}%' or headers::text like '%{secret}%'")).ShouldBe(0, secret);
        var before = await Timeline(alice);
        before.ShouldContain("where does alice keep her zorblax crates");
        before.ShouldContain("call me on 555-0101");
        await api.WaitForProjectionsAsync();
        (await api.ExportedPairsAsync(role: "data-scientist")).ShouldContain(alice.ToString());
        (await api.RowsAsync("query-log", "query")).ShouldContain(alice.ToString());

        using var erase = api.AsRole(HttpMethod.Delete, $"/v1/subjects/{Uri.EscapeDataString(Alice)}?reason=GDPR-2026-117", role: "admin");
        var erased = await api.Client.SendAsync(erase);
        erased.StatusCode.ShouldBe(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        var report = await erased.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        report.GetProperty("already_erased").GetBoolean().ShouldBeFalse();
        report.GetProperty("events_of_subject").GetInt64().ShouldBeGreaterThanOrEqualTo(5);
        report.GetProperty("models_flagged").EnumerateArray().Select(v => v.GetString()).ShouldBe(["lambdamart-erasuretest"]);
        report.GetProperty("read_models_pending").GetBoolean().ShouldBeTrue();
        await ErasureJobCaughtUpAsync();

        // The log still holds the events (ciphertext), but nobody can read them, and derived data has forgotten them.
        var after = await Timeline(alice);
        after.ShouldNotContain("alice keep");
        after.ShouldNotContain("555-0101");
        after.ShouldContain("[erased]");
        await api.WaitForProjectionsAsync();
        var export = await api.ExportedPairsAsync(role: "data-scientist");
        export.ShouldNotContain(alice.ToString());
        export.ShouldContain(bob.ToString());
        var log = await api.RowsAsync("query-log", "query");
        log.ShouldNotContain(alice.ToString());
        log.ShouldContain(bob.ToString());
        (await api.RowsAsync("feedback-aggregates", "query")).ShouldNotContain("alice", Case.Insensitive);
        (await api.RowsAsync("model-registry", "model")).ShouldContain("\"needs_retraining\":true");
        var status = await (await api.Client.SendAsync(api.AsRole(HttpMethod.Get, $"/v1/subjects/{Uri.EscapeDataString(Alice)}", role: "auditor")))
            .Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        status.GetProperty("erased").GetBoolean().ShouldBeTrue();
        status.GetProperty("key_present").GetBoolean().ShouldBeFalse();

        // Who erased whom, and why, is itself in the log; a repeat changes nothing; the chain still verifies.
        var admin = "key:" + (await api.TokenAsync(role: "admin")).Substring(4, 32);
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where type = 'subject_erased' and headers->>'principal' = '{admin}' and data->>'reason' = 'GDPR-2026-117'"))
            .ShouldBe(1);
        using var again = api.AsRole(HttpMethod.Delete, $"/v1/subjects/{Uri.EscapeDataString(Alice)}?reason=GDPR-2026-117", role: "admin");
        (await (await api.Client.SendAsync(again)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("already_erased").GetBoolean().ShouldBeTrue();
        (await api.CountEventsAsync("subject_erased")).ShouldBe(1);
        await api.Services<AuditChainWriter>().CatchUpAsync(default);
        (await api.Services<AuditChain>().VerifyAsync(default)).Intact.ShouldBeTrue();

        // What an erased subject sends later is not kept.
        await Feedback(Alice, new { response_id = bob, type = "thumbs_down", comment = "still me, 555-0101" });
        (await Timeline(bob)).ShouldNotContain("555-0101");
    }

    [Fact]
    public async Task One_user_id_in_two_tenants_has_a_key_in_each_and_a_rebuild_opens_both()
    {
        foreach (var tenant in new[] { "default", "tenant-two" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query") { Content = JsonContent.Create(new { query = $"carol asks in {tenant}" }, options: ApiFixture.Json) };
            request.Headers.Add("X-User-Id", "carol@example.com");
            request.Headers.Add(ApiFixture.TenantHeader, tenant);
            (await api.Client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        // Issue 24: the user hash is keyed per tenant, so carol cannot be linked across the two tenants.
        var hasher = api.Services<Infrastructure.Privacy.UserHasher>();
        hasher.Hash("default", "carol@example.com").ShouldNotBe(hasher.Hash("tenant-two", "carol@example.com"));
        (await TestDatabase.ScalarTextAsync($"select string_agg(distinct headers->>'actor', ',') from {api.Schema}.mt_events where type = 'query_received' and tenant_id = 'tenant-two'"))
            .ShouldBe(hasher.Hash("tenant-two", "carol@example.com"));
        // A rebuild reads the log in pages that span tenants: each query text must open with its own tenant's key.
        // Each tenant rebuilds into a target of its own (issue 24: targets are namespaced by tenant).
        foreach (var tenant in new[] { "default", "tenant-two" })
        {
            using var rebuild = api.AsRole(HttpMethod.Post, "/v1/admin/projections/query-log/rebuild", "admin", new { target = "two-tenants" });
            rebuild.Headers.Add(ApiFixture.TenantHeader, tenant);
            (await api.Client.SendAsync(rebuild)).StatusCode.ShouldBe(HttpStatusCode.Created);
            using var rows = api.AsRole(HttpMethod.Get, "/v1/admin/projections/query-log/rows/query?target=two-tenants&limit=1000", role: "auditor");
            rows.Headers.Add(ApiFixture.TenantHeader, tenant);
            (await (await api.Client.SendAsync(rows)).Content.ReadAsStringAsync()).ShouldContain($"carol asks in {tenant}");
        }
    }

    [Fact]
    public async Task Erasure_needs_a_reason_and_the_admin_role()
    {
        using var noReason = api.AsRole(HttpMethod.Delete, "/v1/subjects/someone", role: "admin");
        (await api.Client.SendAsync(noReason)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var asAuditor = api.AsRole(HttpMethod.Delete, "/v1/subjects/someone?reason=x", role: "auditor");
        (await api.Client.SendAsync(asAuditor)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Serving_priors_count_sealed_queries_by_their_text_and_forget_an_erased_subject()
    {
        foreach (var (title, text) in new[] { ("Quargle depot", "The quargle depot opens at nine."), ("Quargle hours", "Quargle depot hours change in winter."),
                     ("Quargle map", "The quargle depot is behind hall 3.") })
            await api.IngestTextAsync(title, text);
        const string question = "quargle depot opening hours";
        var cora = await AskAndReadAsync("cora@example.com", question); // clicks the second result
        var clicked = (await StreamAsync(cora)).OfType<SourceClicked>().Single().ChunkId;
        var feeder = api.Services<ServingStateFeeder>();
        await feeder.WaitForAsync(await api.CountEventsAsync(), TimeSpan.FromSeconds(30), default);

        // The next user of the same question is ranked with Cora's click, though her question is stored sealed.
        var dave = await AskOnlyAsync("dave@example.com", question);
        (await QueryCtrOf(dave, clicked)).ShouldBeGreaterThan(0f);
        (await ReplayAsync(cora)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var erase = api.AsRole(HttpMethod.Delete, $"/v1/subjects/{Uri.EscapeDataString("cora@example.com")}?reason=GDPR-2026-200", role: "admin");
        (await api.Client.SendAsync(erase)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await feeder.WaitForAsync(await api.CountEventsAsync(), TimeSpan.FromSeconds(30), default);

        // Cora's click no longer ranks anything (Dave only looked), and her question, now unreadable, cannot be replayed.
        var erin = await AskOnlyAsync("erin@example.com", question);
        (await QueryCtrOf(erin, clicked)).ShouldBe(0f);
        var gone = await ReplayAsync(cora);
        gone.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await gone.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("code").GetString().ShouldBe("replay_unavailable");
    }

    private async Task<Guid> AskOnlyAsync(string user, string query) => (await AskAsUserAsync(user, query)).GetProperty("response_id").GetGuid();

    private async Task<JsonElement> AskAsUserAsync(string user, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query") { Content = JsonContent.Create(new { query }, options: ApiFixture.Json) };
        request.Headers.Add("X-User-Id", user);
        return await (await api.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
    }

    private async Task<IReadOnlyList<object>> StreamAsync(Guid response)
    {
        await using var session = api.Services<IDocumentStore>().QuerySession("default");
        return (await session.Events.FetchStreamAsync(response)).Select(e => e.Data).ToList();
    }

    private async Task<float> QueryCtrOf(Guid response, Guid chunk)
    {
        var features = (await StreamAsync(response)).OfType<RankingFeaturesLogged>().Single();
        return features.Rows.Single(r => r.ChunkId == chunk).Values[RankingFeatures.IndexOf("prior_query_ctr")];
    }

    private async Task<HttpResponseMessage> ReplayAsync(Guid response)
    {
        using var request = api.AsRole(HttpMethod.Post, "/v1/audit/replay", role: "auditor", body: new { response_id = response });
        return await api.Client.SendAsync(request);
    }

    private async Task<Guid> AskAndReadAsync(string user, string query)
    {
        var response = await AskAsUserAsync(user, query);
        var id = response.GetProperty("response_id").GetGuid();
        var second = response.GetProperty("sources").EnumerateArray().ElementAt(1).GetProperty("chunk_id").GetGuid();
        await Feedback(user, new { response_id = id, type = "click", chunk_id = second, position = 2 });
        await Feedback(user, new { response_id = id, type = "dwell", chunk_id = second, seconds = 90 });
        return id;
    }

    private async Task Feedback(string user, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/feedback") { Content = JsonContent.Create(body, options: ApiFixture.Json) };
        request.Headers.Add("X-User-Id", user);
        (await api.Client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private async Task<string> Timeline(Guid response) =>
        await (await api.Client.SendAsync(api.AsRole(HttpMethod.Get, $"/v1/query/{response}", role: "auditor"))).Content.ReadAsStringAsync();
}
