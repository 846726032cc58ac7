using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Audit;

public sealed class QuerySearchFixture : ApiFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await IngestTextAsync("Vacation policy", "Employees get 27 days of paid vacation per year. Unused days expire on March 31.");
    }

    /// <summary>Asks as an end user of the app (X-User-Id), returning the response id.</summary>
    public async Task<Guid> AskAsUserAsync(string query, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query") { Content = JsonContent.Create(new { query }) };
        request.Headers.Add("X-User-Id", user);
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("response_id").GetGuid();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> SearchAsync(string query, string role = "auditor")
    {
        using var request = AsRole(HttpMethod.Get, "/v1/audit/queries?" + query, role);
        var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Json));
    }
}

public class QuerySearchTests(QuerySearchFixture api) : IClassFixture<QuerySearchFixture>
{
    private static List<Guid> Ids(JsonElement body) => body.GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("response_id").GetGuid()).ToList();

    [Fact]
    public async Task An_auditor_finds_a_users_questions_by_raw_id_or_hash_newest_first_and_no_one_elses()
    {
        var user = $"carol-{Guid.NewGuid():N}@example.com";
        var first = await api.AskAsUserAsync("how many vacation days?", user);
        var second = await api.AskAsUserAsync("when do unused days expire?", user);
        var other = await api.AskAsUserAsync("vacation days for someone else", $"dave-{Guid.NewGuid():N}");
        await api.WaitForProjectionsAsync();

        var (status, byUser) = await api.SearchAsync($"user={Uri.EscapeDataString(user)}");
        status.ShouldBe(HttpStatusCode.OK);
        Ids(byUser).ShouldBe([second, first]);
        var hash = byUser.GetProperty("queries")[0].GetProperty("user_hash").GetString()!;
        hash.ShouldStartWith("u:");
        hash.ShouldNotContain("carol");
        Ids((await api.SearchAsync($"user_hash={Uri.EscapeDataString(hash)}")).Body).ShouldBe([second, first]);
        Ids((await api.SearchAsync($"user={Uri.EscapeDataString(user)}&limit=1")).Body).ShouldBe([second]);
        (await api.SearchAsync($"user={Uri.EscapeDataString(user)}&limit=1")).Body.GetProperty("more").GetBoolean().ShouldBeTrue();
        Ids((await api.SearchAsync("text=SOMEONE%20else")).Body).ShouldBe([other]);
    }

    [Fact]
    public async Task Time_and_model_narrow_the_search()
    {
        var user = $"erin-{Guid.NewGuid():N}";
        var before = DateTimeOffset.UtcNow;
        var id = await api.AskAsUserAsync("vacation days per year", user);
        await api.WaitForProjectionsAsync();

        var found = (await api.SearchAsync($"user={user}&from={Uri.EscapeDataString(before.AddSeconds(-1).ToString("O"))}")).Body;
        Ids(found).ShouldBe([id]);
        var generator = found.GetProperty("queries")[0].GetProperty("generator").GetString()!;
        Ids((await api.SearchAsync($"user={user}&model={generator}")).Body).ShouldBe([id]);
        Ids((await api.SearchAsync($"user={user}&model=no-such-model")).Body).ShouldBeEmpty();
        Ids((await api.SearchAsync($"user={user}&to={Uri.EscapeDataString(before.AddSeconds(-1).ToString("O"))}")).Body).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=501", "invalid_limit")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "invalid_range")]
    [InlineData("from=yesterday", "bad_request")]
    public async Task Bad_searches_get_a_problem(string query, string code)
    {
        var (status, body) = await api.SearchAsync(query);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task Only_auditors_and_admins_search_and_only_their_tenant()
    {
        (await api.SearchAsync("limit=5", role: "client")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var user = $"frank-{Guid.NewGuid():N}";
        await api.AskAsUserAsync("vacation days", user);
        await api.WaitForProjectionsAsync();
        using var request = api.AsRole(HttpMethod.Get, $"/v1/audit/queries?user={user}", "auditor");
        request.Headers.Add(ApiFixture.TenantHeader, "other-tenant");
        var body = await (await api.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        Ids(body).ShouldBeEmpty();
    }
}
