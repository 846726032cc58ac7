using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Robustness;

/// <summary>
/// Issue 24, defect 4: U+0000 in a query, a comment, a title or an uploaded .txt was a 500 (PostgreSQL 22P05), and in
/// JSON document content it was accepted and then stuck the document in the worker. Each is now a 400 naming the field.
/// </summary>
public class UnstorableInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string, string> JsonBodies => new()
    {
        { "/v1/query", """{"query":"vacation\u0000days"}""", "$.query" },
        { "/v1/feedback", """{"response_id":"0193c1a2-7f55-7c3e-9d0a-5be2f1a4c6d8","type":"thumbs_up","comment":"nice\u0000"}""", "$.comment" },
        { "/v1/documents", """{"title":"Hand\u0000book","content":"Fine text.","format":"text"}""", "$.title" },
        { "/v1/documents", """{"title":"Handbook","content":"Text with a \u0000 inside.","format":"text"}""", "$.content" },
        { "/v1/documents", """{"title":"Handbook","content":"Fine text.","format":"text","tags":["a\u0000"]}""", "$.tags[0]" },
    };

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task A_nul_character_in_a_json_field_is_a_400_naming_the_field_and_nothing_is_stored(string path, string body, string field)
    {
        var before = await api.CountEventsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        await ShouldBeUnstorable(await api.Client.SendAsync(request), "unstorable_character", field);
        (await api.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_nul_character_in_an_uploaded_text_file_or_its_form_title_is_a_400_naming_it()
    {
        var before = await api.CountEventsAsync();
        await ShouldBeUnstorable(await Upload("notes.txt", "first line\0second line"u8.ToArray(), "Notes"), "malformed_upload", "'file'");
        await ShouldBeUnstorable(await Upload("notes.txt", "clean text"u8.ToArray(), "No\0tes"), "unstorable_character", "'title'");
        (await api.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_nul_character_in_a_query_parameter_is_a_400_naming_the_parameter()
    {
        using var request = api.AsRole(HttpMethod.Get, "/v1/admin/projections/query-log/rows/query?prefix=a%00b", role: "auditor");
        await ShouldBeUnstorable(await api.Client.SendAsync(request), "unstorable_character", "'prefix'");
    }

    private async Task<HttpResponseMessage> Upload(string name, byte[] content, string title)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", name } };
        form.Add(new StringContent(title), "title");
        return await api.Client.PostAsync("/v1/documents", form);
    }

    private static async Task ShouldBeUnstorable(HttpResponseMessage response, string code, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("detail").GetString()!.ShouldContain(field);
        problem.GetProperty("detail").GetString()!.ShouldContain("NUL");
    }
}
