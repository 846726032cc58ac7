using System.Net;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Infrastructure.Platform.ReadModels;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Api.Tests.Access;

/// <summary>One tenant's data, then every read path tried with another tenant's credentials: nothing comes back.</summary>
public class TenantIsolationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Owner = "acme";
    private const string Other = "globex";

    [Fact]
    public async Task Every_read_path_of_another_tenant_finds_nothing_of_this_one()
    {
        // Owner's data: documents, a query, a long-read click below a skipped result (a training pair), a training request.
        var documents = new List<Guid>();
        foreach (var (title, text) in new[] { ("Zorblax policy", "The zorblax allowance is 14 crates per quarter."), ("Zorblax storage", "Zorblax crates are stored in hall 9."),
                     ("Zorblax returns", "Unused zorblax crates go back to the depot.") })
            documents.Add(await api.IngestTextAsync(title, text, tenant: Owner));
        var asked = await api.AskAsync("zorblax crates", tenant: Owner);
        var response = asked.GetProperty("response_id").GetGuid();
        var sources = asked.GetProperty("sources").EnumerateArray().ToList();
        sources.Count.ShouldBeGreaterThan(1);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "click", chunk_id = sources[1].GetProperty("chunk_id").GetGuid(), position = 2 }, Owner))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "dwell", chunk_id = sources[1].GetProperty("chunk_id").GetGuid(), seconds = 90 }, Owner))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        using (var train = Send(HttpMethod.Post, "/v1/admin/training", Owner, new { reason = "isolation test" }))
            (await api.Client.SendAsync(train)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await api.WaitForProjectionsAsync();
        await api.AskAsync("warm up the other tenant", tenant: Other);
        var secrets = documents.Select(d => d.ToString()).Append(response.ToString()).Append("zorblax").ToList();
        var ownerTraining = await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where type = 'training_requested' and tenant_id = '{Owner}'");
        ownerTraining.ShouldBe(1);

        // The other tenant, path by path.
        foreach (var id in documents) (await Get($"/v1/documents/{id}", Other)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Get($"/v1/query/{response}", Other)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PostJsonAsync("/v1/feedback", new { response_id = response, type = "thumbs_up" }, Other)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Body("/v1/admin/experiments", Other)).ShouldBe("[]");
        (await Body("/v1/admin/keys", Other)).ShouldNotContain(Owner);
        var trainingId = await TestDatabase.ScalarTextAsync($"select stream_id::text from {api.Schema}.mt_events where type = 'training_requested' and tenant_id = '{Owner}'");
        (await Get($"/v1/admin/training/{trainingId}", Other)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Get($"/v1/admin/training/{trainingId}", Owner)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var catalog = api.Services<ReadModelCatalog>();
        var ownerRows = 0;
        foreach (var name in catalog.Names)
        foreach (var table in catalog.Create(name).Tables)
        {
            var path = $"/v1/admin/projections/{name}/rows/{table.Kind}?limit=1000";
            var others = await Body(path, Other);
            foreach (var secret in secrets) others.ShouldNotContain(secret, Case.Insensitive, $"{name}/{table.Kind}");
            var own = await Body(path, Owner);
            if (secrets.Any(s => own.Contains(s, StringComparison.OrdinalIgnoreCase))) ownerRows++;
        }
        ownerRows.ShouldBeGreaterThanOrEqualTo(3, "the owner's own rows are readable, so the check above can fail");

        // Asked only now: the other tenant's own question names the secret word, and once its read models have it,
        // its rows would rightly contain it.
        var theirs = await api.AskAsync("zorblax crates", tenant: Other);
        theirs.GetProperty("sources").GetArrayLength().ShouldBe(0);

        var otherExport = await api.ExportedPairsAsync(Other);
        var ownerExport = await api.ExportedPairsAsync(Owner);
        ownerExport.ShouldContain(response.ToString());
        foreach (var secret in secrets) otherExport.ShouldNotContain(secret, Case.Insensitive);
    }

    private HttpRequestMessage Send(HttpMethod method, string path, string tenant, object? body = null)
    {
        var request = api.AsRole(method, path, role: "admin", body: body);
        request.Headers.Add(ApiFixture.TenantHeader, tenant);
        return request;
    }

    private async Task<HttpResponseMessage> Get(string path, string tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ApiFixture.TenantHeader, tenant);
        return await api.Client.SendAsync(request);
    }

    private async Task<string> Body(string path, string tenant)
    {
        var response = await Get(path, tenant);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await response.Content.ReadAsStringAsync();
    }
}
