using System.Net;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Robustness;

/// <summary>
/// Issue 24, "Input": unknown ids get a 404 on every endpoint (evaluate on an unknown experiment answered 200).
/// Each route that names a thing by id or name is asked about one that does not exist, as an admin of every role.
/// Subjects are left out on purpose: a user id is not a stored thing, and erasing one who left nothing is a
/// documented no-op (docs/compliance.md).
/// </summary>
public class UnknownIdTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string> Routes()
    {
        var id = Guid.NewGuid();
        return new()
        {
            { "GET", $"/v1/documents/{id}" },
            { "DELETE", $"/v1/documents/{id}" },
            { "GET", $"/v1/query/{id}" },
            { "GET", $"/v1/admin/experiments/{id}" },
            { "POST", $"/v1/admin/experiments/{id}/evaluate" },
            { "POST", $"/v1/admin/experiments/{id}/promote" },
            { "POST", $"/v1/admin/experiments/{id}/stop" },
            { "GET", $"/v1/admin/training/{id}" },
            { "POST", $"/v1/admin/training/{id}/cancel" },
            { "POST", "/v1/admin/models/lambdamart-00000000unknown/deploy" },
            { "POST", "/v1/admin/models/lambdamart-00000000unknown/rollback" },
            { "POST", $"/v1/admin/keys/{id}/revoke" },
            { "POST", "/v1/admin/projections/no-such-projection/rebuild" },
            { "POST", "/v1/admin/projections/no-such-projection/swap" },
            { "GET", "/v1/admin/projections/no-such-projection/rows/chunk" },
            { "POST", "/v1/admin/projections/training-pairs/swap" },
            { "GET", "/v1/admin/projections/feedback-aggregates/rows/chunk?target=no-such-target" },
        };
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_unknown_id_gets_a_404_problem(string method, string path)
    {
        var body = path.EndsWith("/swap", StringComparison.Ordinal) ? new { target = "no-such-target" }
            : path.EndsWith("/rebuild", StringComparison.Ordinal) ? new { target = "unknown-test" } : (object)new { reason = "test" };
        using var request = api.AsRole(new HttpMethod(method), path, role: ApiFixture.AllRoles, body: method == "POST" ? body : null);
        var response = await api.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {path}");
    }
}
