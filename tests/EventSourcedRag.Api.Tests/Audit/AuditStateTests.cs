using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Models;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Audit;

public class AuditStateTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_registry_as_of_a_past_point_holds_only_what_had_happened_by_then()
    {
        await TrainAsync("reranker-first");
        var between = await TestDatabase.ScalarAsync($"select max(seq_id) from {api.Schema}.mt_events");
        await Task.Delay(20);
        var timeBetween = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await TrainAsync("reranker-second");
        await api.WaitForProjectionsAsync();

        (await Versions($"{between}")).ShouldBe(["reranker-first"]);
        (await Versions(Uri.EscapeDataString(timeBetween.ToString("O")))).ShouldBe(["reranker-first"]);
        var head = await TestDatabase.ScalarAsync($"select max(seq_id) from {api.Schema}.mt_events");
        (await Versions($"{head}")).ShouldBe(["reranker-first", "reranker-second"]);
        (await Versions("2000-01-01T00:00:00Z")).ShouldBeEmpty();

        using var other = api.AsRole(HttpMethod.Get, $"/v1/audit/state?as_of={between}", role: "auditor");
        other.Headers.Add(ApiFixture.TenantHeader, "someone-else");
        (await (await api.Client.SendAsync(other)).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("models").GetArrayLength().ShouldBe(0);
        using var missing = api.AsRole(HttpMethod.Get, "/v1/audit/state", role: "auditor");
        (await api.Client.SendAsync(missing)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var garbage = api.AsRole(HttpMethod.Get, "/v1/audit/state?as_of=yesterday", role: "auditor");
        (await api.Client.SendAsync(garbage)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var future = api.AsRole(HttpMethod.Get, $"/v1/audit/state?as_of={head + 1000}", role: "auditor");
        (await api.Client.SendAsync(future)).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // history not yet written is not answered
    }

    private Task TrainAsync(string version) => api.RecordModelAsync(version, ModelKinds.Reranker, "def", DateTimeOffset.UtcNow, validated: null);

    private async Task<string[]> Versions(string asOf)
    {
        using var request = api.AsRole(HttpMethod.Get, $"/v1/audit/state?as_of={asOf}", role: "auditor");
        var response = await api.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        return body.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("version").GetString()!).ToArray();
    }
}
