using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Robustness;

/// <summary>Issue 24, defect 5: 100,000 nested elements (1.1 MB) held the upload request for about 110 s while it was parsed there.</summary>
public class DeepHtmlTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Deeply_nested_html_is_accepted_at_once_and_fails_in_the_worker_within_its_depth_limit()
    {
        var html = "<html><head><title>Deep</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "x"
                   + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>";
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(html)) { Headers = { ContentType = new MediaTypeHeaderValue("text/html") } }, "file", "deep.html" },
        };
        var clock = Stopwatch.StartNew();
        var response = await api.Client.PostAsync("/v1/documents", form);
        clock.Stop();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json)).GetProperty("document_id").GetGuid();
        var view = await api.WaitUntilIndexedAsync(id, status: "failed");
        view.ToString().ShouldContain("deeper than");
    }
}
