using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Access;

/// <summary>
/// Issue 24, defect 3: tenant B's admin rebuilt into A's target name, wiping A's rows, and B's swap switched the live
/// read models A reads. Targets are now the tenant's own, and only the operator's tenant swaps the shared live ones.
/// </summary>
public class TenantAdministrationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string A = "tenant-a", B = "tenant-b";

    [Fact]
    public async Task A_tenants_rebuild_and_swap_never_touch_another_tenants_targets_or_the_shared_live_read_models()
    {
        var asked = await api.AskAsync("where are the cross tenant ledgers kept", tenant: A);
        var response = asked.GetProperty("response_id").GetGuid().ToString();
        await api.WaitForProjectionsAsync();
        (await Send(A, HttpMethod.Post, "/v1/admin/projections/query-log/rebuild", new { target = "audit" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Rows(A, "audit")).ShouldContain(response);

        // B takes the same name, and tries A's stored name: its own target, or a 400, and A's rows stay.
        (await Send(B, HttpMethod.Post, "/v1/admin/projections/query-log/rebuild", new { target = "audit", as_of = "1" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Send(B, HttpMethod.Post, "/v1/admin/projections/query-log/rebuild", new { target = $"{A}~audit" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Rows(A, "audit")).ShouldContain(response);
        (await Rows(B, "audit")).ShouldNotContain(response);

        // B cannot swap the live read models every tenant reads, and does not see A's targets.
        var liveBefore = await LiveTarget(A);
        var swap = await Send(B, HttpMethod.Post, "/v1/admin/projections/query-log/swap", new { target = "audit" });
        swap.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await swap.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("code").GetString().ShouldBe("operator_only");
        (await LiveTarget(A)).ShouldBe(liveBefore);
        var listedToB = await (await Send(B, HttpMethod.Get, "/v1/admin/projections")).Content.ReadAsStringAsync();
        listedToB.ShouldNotContain(A);
        (await Rows(A, "audit")).ShouldContain(response);
    }

    private async Task<HttpResponseMessage> Send(string tenant, HttpMethod method, string path, object? body = null)
    {
        using var request = api.AsRole(method, path, "admin", body);
        request.Headers.Add(ApiFixture.TenantHeader, tenant);
        return await api.Client.SendAsync(request);
    }

    private async Task<string> Rows(string tenant, string target) =>
        await (await Send(tenant, HttpMethod.Get, $"/v1/admin/projections/query-log/rows/query?target={target}&limit=1000")).Content.ReadAsStringAsync();

    private async Task<string> LiveTarget(string tenant)
    {
        var list = await (await Send(tenant, HttpMethod.Get, "/v1/admin/projections")).Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        return list.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "query-log").GetProperty("live_target").GetString()!;
    }
}
