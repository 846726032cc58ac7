using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventSourcedRag.Api.Tests.Fixtures;

namespace EventSourcedRag.Api.Tests.Documents;

public sealed class SmallUploadLimitFixture : ApiFixture
{
    public const int Limit = 200_000;
    public const int TextLimit = 100_000;
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Ingestion:MaxUploadBytes"] = Limit.ToString(),
        ["Ingestion:MaxExtractedChars"] = TextLimit.ToString(),
    };
}

public class DocumentUploadTests(SmallUploadLimitFixture api) : IClassFixture<SmallUploadLimitFixture>
{
    // Each format gets its own subject word, used throughout, so the documents differ as real ones do.
    private static readonly string[] Paragraphs =
    [
        "Quarterly {0} reviews are held in the glass conference room on the third floor; the {0} team brings the {0} logbook.",
        "Every {0} review needs a signed {0} form from the facilities desk before the review starts.",
    ];

    private static string[] Text(string marker) => Paragraphs.Select(p => string.Format(p, marker)).ToArray();

    private async Task<HttpResponseMessage> Upload(string fileName, byte[] content, string? contentType = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        if (contentType is not null) file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await api.Client.PostAsync("/v1/documents", form);
    }

    // Only what an upload itself writes: the worker may still be appending chunks for documents of earlier tests.
    private Task<long> Submissions() => Testing.TestDatabase.ScalarAsync(
        $"select count(*) from {api.Schema}.mt_events where type in ('document_submitted', 'document_revised')");

    private static async Task<JsonElement> Body(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(ApiFixture.Json);

    public static TheoryData<string, string> Formats => new()
    {
        { "zebrafinch", "notes.txt" },
        { "kingfisher", "notes.md" },
        { "woodpecker", "page.html" },
        { "nightingale", "report.pdf" },
        { "cormorant", "memo.docx" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_format_is_extracted_chunked_indexed_and_found_by_a_query(string marker, string fileName)
    {
        var content = Path.GetExtension(fileName) switch
        {
            ".pdf" => DocumentFiles.Pdf("Review rules", Text(marker)),
            ".docx" => DocumentFiles.Docx("Review rules", Text(marker)),
            ".html" => Encoding.UTF8.GetBytes($"<html><head><title>Review rules</title><script>var x = 'ignored';</script></head><body><p>{string.Join("</p><p>", Text(marker))}</p></body></html>"),
            ".md" => Encoding.UTF8.GetBytes("# Review rules\n\n" + string.Join("\n\n", Text(marker))),
            _ => Encoding.UTF8.GetBytes("Review rules\n\n" + string.Join("\n\n", Text(marker))),
        };
        var response = await Upload(fileName, content);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = (await Body(response)).GetProperty("document_id").GetGuid();
        var view = await api.WaitUntilIndexedAsync(id);
        view.GetProperty("title").GetString().ShouldBe("Review rules");
        view.GetProperty("chunk_count").GetInt32().ShouldBeGreaterThan(0);

        var answer = await api.AskAsync($"who needs a signed form for {marker} reviews?");
        var top = answer.GetProperty("sources")[0];
        top.GetProperty("document_id").GetGuid().ShouldBe(id);
        top.GetProperty("snippet").GetString()!.ShouldNotContain("ignored");
        answer.GetProperty("answer").GetString()!.ShouldContain("[1]");
    }

    [Fact]
    public async Task The_same_bytes_twice_are_a_duplicate_that_stores_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes("Duplicate detection text about albatross migration.");
        var first = await Upload("a.txt", bytes);
        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = (await Body(first)).GetProperty("document_id").GetGuid();
        var events = await api.CountEventsAsync("document_submitted");

        var second = await Upload("b.txt", bytes);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Body(second);
        body.GetProperty("duplicate").GetBoolean().ShouldBeTrue();
        body.GetProperty("document_id").GetGuid().ShouldBe(id);
        (await api.CountEventsAsync("document_submitted")).ShouldBe(events);
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_bytes_create_one_document()
    {
        var bytes = Encoding.UTF8.GetBytes("Concurrent duplicate text about pelican feeding habits.");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Upload($"copy{i}.txt", bytes)));
        var ids = await Task.WhenAll(responses.Select(async r => (await Body(r)).GetProperty("document_id").GetGuid()));
        ids.Distinct().Count().ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(1);
    }

    [Fact]
    public async Task An_upload_over_the_limit_gets_413_and_stores_nothing()
    {
        var before = await Submissions();
        var response = await Upload("big.txt", Encoding.UTF8.GetBytes(new string('a', SmallUploadLimitFixture.Limit + 1)));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Submissions()).ShouldBe(before);
    }

    [Theory]
    [InlineData("tool.exe")]
    [InlineData("sheet.xlsx")]
    [InlineData("noextension")]
    public async Task An_unsupported_format_gets_415(string fileName)
    {
        var response = await Upload(fileName, [1, 2, 3, 4]);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await Body(response)).GetProperty("code").GetString().ShouldBe("unsupported_media_type");
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "empty.txt", [] },
        { "latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0xFF, 0xFE] },
        { "broken.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\nthis is not really a pdf at all") },
        { "fake.pdf", Encoding.ASCII.GetBytes("just text pretending") },
        { "notzip.docx", Encoding.ASCII.GetBytes("PK but not a zip") },
        { "bomb.docx", ZipBombDocx() },
        { "pdf-named.docx", DocumentFiles.Pdf("Misnamed", ["A PDF wearing a Word extension."]) },
        { "docx-named.pdf", DocumentFiles.Docx("Misnamed", ["A Word document wearing a PDF extension."]) },
    };

    /// <summary>64 MB of spaces deflated to about 64 KB: under the upload limit, over any sane expansion.</summary>
    private static byte[] ZipBombDocx()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            using var document = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 64; i++) document.Write(block);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A seeded sweep of damaged PDFs (truncated, overwritten spans, a lost header, shuffled tails). A damaged file
    /// may still be readable, so each must either be refused with a 400 problem or accepted and then end as indexed
    /// or failed: never a 5xx, never a hang, and the host stays ready.
    /// </summary>
    [Fact]
    public async Task Damaged_pdfs_are_refused_or_ingested_to_an_end_and_never_break_the_host()
    {
        var original = DocumentFiles.Pdf("Damage survey", Text("sandpiper"));
        var random = new Random(20261123);
        var variants = new List<(string What, byte[] Bytes)>();
        foreach (var fraction in new[] { 0.05, 0.25, 0.5, 0.75, 0.95 })
            variants.Add(($"truncated to {fraction:P0}", original[..(int)(original.Length * fraction)]));
        for (var i = 0; i < 8; i++)
        {
            var bytes = (byte[])original.Clone();
            var start = random.Next(bytes.Length - 64);
            random.NextBytes(bytes.AsSpan(start, random.Next(1, 64)));
            variants.Add(($"random bytes at {start}", bytes));
        }
        variants.Add(("header removed", original[8..]));
        variants.Add(("tail before the middle", [.. original[(original.Length / 2)..], .. original[..(original.Length / 2)]]));

        var before = await Submissions();
        var accepted = new List<Guid>();
        foreach (var (what, bytes) in variants)
        {
            var response = await Upload($"damaged-{accepted.Count}-{what.GetHashCode():x}.pdf", bytes);
            var status = (int)response.StatusCode;
            (status is 202 or 200 or 400).ShouldBeTrue($"{what}: {status} {await response.Content.ReadAsStringAsync()}");
            if (status == 400) response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", what);
            if (status == 202) accepted.Add((await Body(response)).GetProperty("document_id").GetGuid());
        }

        (await Submissions()).ShouldBe(before + accepted.Count);
        foreach (var id in accepted)
            await Testing.Eventually.Get(async () => await Body(await api.Client.GetAsync($"/v1/documents/{id}")),
                v => v.GetProperty("status").GetString() is "indexed" or "failed", what: $"damaged document {id} to finish ingestion");
        (await api.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_file_gets_400_and_stores_nothing(string fileName, byte[] content)
    {
        var before = await Submissions();
        var response = await Upload(fileName, content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Submissions()).ShouldBe(before);
    }

    [Theory]
    [InlineData("{\"title\": \"x\"}", "missing_content")]
    [InlineData("{\"content\": \"text\", \"format\": \"pdf\"}", "unsupported_media_type")]
    [InlineData("{\"content\": ", "malformed_json")]
    [InlineData("{\"content\": 42}", "malformed_json")]
    public async Task A_bad_json_document_gets_a_problem_response(string json, string code)
    {
        var response = await api.Client.PostAsync("/v1/documents", new StringContent(json, Encoding.UTF8, "application/json"));
        ((int)response.StatusCode).ShouldBeInRange(400, 415);
        (await Body(response)).GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task A_deleted_document_leaves_retrieval()
    {
        var id = await api.IngestTextAsync("Osprey policy", "The osprey nesting platform is inspected every spring by the facilities team.");
        (await api.AskAsync("osprey nesting platform")).GetProperty("sources")[0].GetProperty("document_id").GetGuid().ShouldBe(id);

        (await api.Client.DeleteAsync($"/v1/documents/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var deletions = await api.CountEventsAsync("document_deleted");
        var status = await Body(await api.Client.GetAsync($"/v1/documents/{id}"));
        status.GetProperty("status").GetString().ShouldBe("deleted");
        await Testing.Eventually.Get(async () => (await api.AskAsync("osprey nesting platform")).GetProperty("sources"),
            s => s.EnumerateArray().All(x => x.GetProperty("document_id").GetGuid() != id), what: "deletion to reach the index");
        (await api.Client.DeleteAsync($"/v1/documents/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.CountEventsAsync("document_deleted")).ShouldBe(deletions);
    }

    [Fact]
    public async Task A_body_that_is_not_valid_multipart_gets_400()
    {
        var content = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        var response = await api.Client.PostAsync("/v1/documents", content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_text_longer_than_the_extraction_limit_is_refused_up_front_instead_of_failing_in_the_worker()
    {
        var before = await Submissions();
        var response = await Upload("long.txt", Encoding.UTF8.GetBytes(new string('a', SmallUploadLimitFixture.TextLimit + 1)));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Body(response)).GetProperty("code").GetString().ShouldBe("upload_too_large");
        var json = await api.PostJsonAsync("/v1/documents", new { title = "Long", content = new string('b', SmallUploadLimitFixture.TextLimit + 1), format = "text" });
        json.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Submissions()).ShouldBe(before);
    }

    [Fact]
    public async Task Title_tags_and_metadata_over_their_limits_get_400_naming_the_field()
    {
        var before = await Submissions();
        var title = await api.PostJsonAsync("/v1/documents", new { title = new string('t', 501), content = "Short text.", format = "text" });
        title.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Body(title)).GetProperty("detail").GetString()!.ShouldContain("'title'");
        var tags = await api.PostJsonAsync("/v1/documents", new { title = "Tags", content = "Other text.", format = "text", tags = Enumerable.Range(0, 51).Select(i => $"t{i}") });
        tags.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Body(tags)).GetProperty("detail").GetString()!.ShouldContain("'tags'");
        (await Submissions()).ShouldBe(before);
    }

    [Fact]
    public async Task Unknown_documents_are_404()
    {
        (await api.Client.GetAsync($"/v1/documents/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.Client.DeleteAsync($"/v1/documents/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_revision_replaces_the_old_version_in_retrieval()
    {
        var id = await api.IngestTextAsync("Heron rules", "Herons may be fed only on Tuesdays.");
        var revision = await api.PostJsonAsync("/v1/documents", new { title = "Heron rules", content = "Herons may be fed only on Fridays.", format = "text", document_id = id });
        revision.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Body(revision)).GetProperty("version").GetInt32().ShouldBe(2);
        await api.WaitUntilIndexedAsync(id);
        var sources = (await api.AskAsync("when may herons be fed")).GetProperty("sources");
        sources.EnumerateArray().Select(s => s.GetProperty("snippet").GetString()).ShouldContain("Herons may be fed only on Fridays.");
        sources.EnumerateArray().Select(s => s.GetProperty("snippet").GetString()).ShouldNotContain("Herons may be fed only on Tuesdays.");
    }
}
