using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedRag.Api.Tests.Access;

public class ApiKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_admin_issues_a_key_that_works_at_once_lists_it_without_its_secret_and_revokes_it()
    {
        var created = await api.PostAsAdminAsync("/v1/admin/keys", new { name = "help-desk app", roles = new[] { "client" } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);
        var token = body.GetProperty("token").GetString()!;
        var keyId = body.GetProperty("key").GetProperty("key_id").GetGuid();
        token.ShouldStartWith("esk_");

        (await WithToken(token, HttpMethod.Post, "/v1/query", new { query = "printer" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await WithToken(token, HttpMethod.Get, "/v1/admin/keys")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var list = await (await api.Client.SendAsync(api.AsRole(HttpMethod.Get, "/v1/admin/keys", role: "auditor"))).Content.ReadAsStringAsync();
        list.ShouldContain(keyId.ToString());
        list.ShouldNotContain(token[^20..]);
        list.ShouldNotContain("hash", Case.Insensitive);
        (await TestDatabase.ScalarAsync($"select count(*) from {api.Schema}.mt_events where data::text like '%{token[^20..]}%'")).ShouldBe(0);

        (await api.PostAsAdminAsync($"/v1/admin/keys/{keyId}/revoke", new { reason = "app retired" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refused = await WithToken(token, HttpMethod.Post, "/v1/query", new { query = "printer" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("revoked");

        // Who did it: both admin actions carry the admin's key as principal and actor.
        var admin = "key:" + (await api.TokenAsync(role: "admin")).Substring(4, 32);
        var principals = await TestDatabase.ScalarAsync(
            $"select count(*) from {api.Schema}.mt_events where stream_id = '{keyId}' and headers->>'principal' = '{admin}' and headers->>'actor' = '{admin}'");
        principals.ShouldBe(2);
    }

    [Fact]
    public async Task Bad_key_requests_get_problem_details()
    {
        (await api.PostAsAdminAsync("/v1/admin/keys", new { name = "x", roles = new[] { "root" } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostAsAdminAsync("/v1/admin/keys", new { name = "x", roles = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostAsAdminAsync($"/v1/admin/keys/{Guid.NewGuid()}/revoke", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A key of another tenant is not found by this tenant's admin.
        var other = await api.TokenAsync("tenant-b", "client");
        var otherId = Guid.ParseExact(other.Substring(4, 32), "N");
        (await api.PostAsAdminAsync($"/v1/admin/keys/{otherId}/revoke", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await WithToken(other, HttpMethod.Post, "/v1/query", new { query = "still works" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_bearer_token_from_the_configured_issuer_authenticates_with_its_tenant_and_roles()
    {
        var secret = new byte[32];
        Random.Shared.NextBytes(secret);
        await using var host = api.CreateHost(new Dictionary<string, string>
        {
            ["Access:Jwt:Issuer"] = "https://idp.test", ["Access:Jwt:Audience"] = "esrag", ["Access:Jwt:SigningKey"] = Convert.ToBase64String(secret),
            ["Messaging:IngestQueue"] = api.Schema + "-ingest-jwt",
        });
        var client = host.CreateDefaultClient();
        string Mint(byte[] key, params Claim[] claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://idp.test", Audience = "esrag", Expires = DateTime.UtcNow.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", "alice"), .. claims]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        async Task<HttpStatusCode> Send(string token, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await client.SendAsync(request)).StatusCode;
        }

        var auditor = Mint(secret, new Claim("tenant", "default"), new Claim("roles", "auditor"));
        (await Send(auditor, "/v1/audit/verify")).ShouldBe(HttpStatusCode.OK);
        (await Send(auditor, "/v1/admin/keys")).ShouldBe(HttpStatusCode.OK);
        (await Send(Mint(secret, new Claim("tenant", "default"), new Claim("roles", "client")), "/v1/audit/verify")).ShouldBe(HttpStatusCode.Forbidden);
        (await Send(Mint(secret, new Claim("roles", "auditor")), "/v1/audit/verify")).ShouldBe(HttpStatusCode.Unauthorized); // no tenant
        var forged = new byte[32];
        (await Send(Mint(forged, new Claim("tenant", "default"), new Claim("roles", "auditor")), "/v1/audit/verify")).ShouldBe(HttpStatusCode.Unauthorized);
        // API keys keep working beside tokens.
        (await Send(await api.TokenAsync(role: "auditor", host: host), "/v1/audit/verify")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Past_its_rate_a_key_gets_429_with_Retry_After_and_other_keys_are_not_affected()
    {
        await using var host = api.CreateHost(new Dictionary<string, string>
        {
            ["Access:RateLimits:PerKeyPerSecond"] = "1", ["Access:RateLimits:PerKeyBurst"] = "3", ["Messaging:IngestQueue"] = api.Schema + "-ingest-rate",
        });
        var client = api.ClientOf(host);
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) statuses.Add(await client.SendAsync(api.AsRole(HttpMethod.Get, "/v1/audit/verify", role: "auditor")));
        statuses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBeInRange(3, 4);
        var limited = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await limited.Content.ReadAsStringAsync()).ShouldContain("rate_limited");
        (await client.SendAsync(api.AsRole(HttpMethod.Get, "/v1/audit/verify", role: "admin"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Past_its_rate_an_address_gets_429_even_without_a_credential()
    {
        await using var host = api.CreateHost(new Dictionary<string, string>
        {
            ["Access:RateLimits:PerIpPerSecond"] = "1", ["Access:RateLimits:PerIpBurst"] = "2", ["Messaging:IngestQueue"] = api.Schema + "-ingest-ip",
        });
        var client = host.CreateDefaultClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await client.GetAsync("/v1/admin/keys")).StatusCode);
        statuses.ShouldContain(HttpStatusCode.Unauthorized);
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK); // probes are never limited
    }

    [Fact]
    public async Task A_json_body_over_the_limit_gets_413_before_anything_is_stored()
    {
        var before = await api.CountEventsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/query")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query = new string('a', 300_000) }), System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await api.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).ShouldContain("body_too_large");
        (await api.CountEventsAsync()).ShouldBe(before);
    }

    private async Task<HttpResponseMessage> WithToken(string token, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: ApiFixture.Json);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await api.Client.SendAsync(request);
    }
}
