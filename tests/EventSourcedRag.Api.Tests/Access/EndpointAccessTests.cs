using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventSourcedRag.Api.Hosting.Access;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Domain.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace EventSourcedRag.Api.Tests.Access;

/// <summary>Every endpoint the host maps, found at run time: a new endpoint without a role declaration fails here.</summary>
public class EndpointAccessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Probes, the metrics scraper, the API document and its reference UI, and the web app's pages, scripts and icon
    // (which hold no data: they call the API with the key the user enters) carry no credential; nothing else is open.
    private static readonly string[] Anonymous =
        ["/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json", "/scalar/{documentName?}", "/", "/learn", "/audit", "/app/{file}", "/favicon.ico"];

    [Fact]
    public async Task Every_endpoint_declares_its_roles_refuses_every_other_role_with_403_and_no_credential_with_401()
    {
        var endpoints = api.Services<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Method: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Single() ?? "GET"))
            .ToList();
        endpoints.Count.ShouldBeGreaterThan(25);
        var checkedRefusals = 0;
        foreach (var (endpoint, method) in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                // The reference UI maps its own scripts and styles beside its page.
                if (!pattern.StartsWith("/scalar/", StringComparison.Ordinal)) Anonymous.ShouldContain(pattern, $"{pattern} allows anonymous callers");
                continue;
            }
            var allowed = endpoint.Metadata.GetMetadata<AllowedRoles>()?.Roles;
            allowed.ShouldNotBeNull($"{method} {pattern} does not declare its roles (RequireRoles)");
            var path = Concrete(pattern);

            using (var none = Request(method, path))
            {
                none.Headers.Add(ApiFixture.NoCredential, "1");
                var response = await api.Client.SendAsync(none);
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {pattern} without a credential");
                response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
                (await Code(response)).ShouldBe("authentication_required");
            }
            using (var forged = Request(method, path))
            {
                forged.Headers.Authorization = new("Bearer", "esk_" + Guid.NewGuid().ToString("N") + "_forged");
                (await api.Client.SendAsync(forged)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {pattern} with a forged key");
            }
            foreach (var role in Roles.All.Except(allowed))
            {
                using var request = Request(method, path);
                request.Headers.Add(ApiFixture.RoleHeader, role);
                var response = await api.Client.SendAsync(request);
                response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {pattern} as {role}");
                (await Code(response)).ShouldBe("role_required");
                checkedRefusals++;
            }
        }
        checkedRefusals.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void The_role_lists_are_the_documented_ones()
    {
        var roles = api.Services<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AllowedRoles>() is not null)
            .ToDictionary(e => $"{e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Single()} /{e.RoutePattern.RawText!.Trim('/')}", // a group's own route may end in "/"
                e => string.Join(",", e.Metadata.GetMetadata<AllowedRoles>()!.Roles.Order()));
        roles["POST /v1/query"].ShouldBe("client");
        roles["POST /v1/feedback"].ShouldBe("client");
        roles["POST /v1/documents"].ShouldBe("admin");
        roles["POST /v1/admin/keys"].ShouldBe("admin");
        roles["GET /v1/audit/verify"].ShouldBe("admin,auditor");
        roles["POST /v1/audit/replay"].ShouldBe("admin,auditor");
        roles["GET /v1/training-set"].ShouldBe("admin,data-scientist");
        roles.Where(r => r.Key.StartsWith("POST /v1/admin/", StringComparison.Ordinal) && !r.Key.Contains("/rebuild"))
            .ShouldAllBe(r => r.Value == "admin");
    }

    private static string Concrete(string pattern) =>
        Regex.Replace(pattern, @"\{(\w+)(:(\w+))?\}", m => m.Groups[3].Value == "guid" ? Guid.NewGuid().ToString() : m.Groups[1].Value == "name" ? "query-log" : "x");

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH") request.Content = JsonContent.Create(new { });
        return request;
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
