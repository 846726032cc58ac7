using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Robustness;

/// <summary>Issue 24, defect 7: the probe's low findings, each the behaviour it restores.</summary>
public class ProbeRegressionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_bearer_key_plus_an_x_api_key_is_a_400_not_served_as_either()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/keys");
        request.Headers.Authorization = new("Bearer", await api.TokenAsync("tenant-a", "admin"));
        request.Headers.Add("X-Api-Key", await api.TokenAsync("tenant-b", "admin"));
        var response = await api.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("code").GetString().ShouldBe("ambiguous_credentials");
    }

    [Fact]
    public async Task Evaluating_an_unknown_experiment_is_a_404()
    {
        using var request = api.AsRole(HttpMethod.Post, $"/v1/admin/experiments/{Guid.NewGuid()}/evaluate");
        var response = await api.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task Rows_with_a_limit_out_of_range_are_a_400(string limit)
    {
        using var request = api.AsRole(HttpMethod.Get, $"/v1/admin/projections/query-log/rows/query?limit={limit}", role: "auditor");
        var response = await api.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("code").GetString().ShouldBe("invalid_limit");
    }
}
