using System.Net;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.WebApp;

/// <summary>The pages and scripts the API host serves (the browser test drives them; this checks how they are served).</summary>
public class WebAppTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task<HttpResponseMessage> GetAsync(string path, string? ifNoneMatch = null) =>
        api.GetWithoutCredentialAsync(path, r => { if (ifNoneMatch is not null) r.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch); });

    [Theory]
    [InlineData("/", "Ask", "/app/ask.js")]
    [InlineData("/learn", "Learn", "/app/learn.js")]
    [InlineData("/audit", "Audit", "/app/audit.js")]
    public async Task Each_page_is_served_without_a_credential_with_a_strict_content_security_policy(string path, string heading, string script)
    {
        var response = await GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain($"<h1>{heading}</h1>");
        html.ShouldContain($"src=\"{script}\"");
        html.ShouldNotContain("<script>"); // no inline code: the policy below forbids it
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        (await GetAsync(script)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Assets_have_their_types_and_are_revalidated_by_etag()
    {
        var script = await GetAsync("/app/app.js");
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var etag = script.Headers.ETag!.ToString();
        (await GetAsync("/app/app.js", etag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await GetAsync("/app/app.css")).Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        (await GetAsync("/app/missing.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync("/app/..%2Fappsettings.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
