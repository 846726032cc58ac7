using System.Text;
using System.Text.Json;
using EventSourcedRag.Api.Hosting;
using EventSourcedRag.Infrastructure.Documents;

namespace EventSourcedRag.Api.Features.Documents;

/// <summary>Reads the two accepted shapes of POST /v1/documents into a <see cref="DocumentUpload"/>.</summary>
public static class UploadRequests
{
    public static async Task<DocumentUpload> FromFormAsync(HttpRequest request, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault()
            ?? throw new InvalidRequest("missing_file", "The multipart form has no file part (expected a part named 'file').");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        foreach (var field in new[] { "title", "tags", "document_id" })
            if (form[field].Any(UnstorableText.Holds)) throw new UnstorableText(field);
        var tags = form["tags"].SelectMany(t => (t ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return new DocumentUpload(Path.GetFileName(file.FileName), file.ContentType, buffer.ToArray(), form["title"].FirstOrDefault(),
            tags, new Dictionary<string, string>(), ParseId(form["document_id"].FirstOrDefault()));
    }

    public static async Task<DocumentUpload> FromJsonAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            throw UploadRejected.Unsupported("Send multipart/form-data with a 'file' part, or application/json with 'content'.");
        var body = await JsonSerializer.DeserializeAsync<TextDocumentRequest>(request.Body, JsonOptions, ct)
            ?? throw new InvalidRequest("missing_body", "The request body is empty.");
        if (string.IsNullOrEmpty(body.Content)) throw new InvalidRequest("missing_content", "'content' is required.");
        var mediaType = MediaTypes.FromFormat(body.Format)
            ?? throw UploadRejected.Unsupported("'format' must be text, markdown or html for JSON documents; upload other formats as files.");
        var extension = mediaType switch { MediaTypes.Markdown => ".md", MediaTypes.Html => ".html", _ => ".txt" };
        var source = string.IsNullOrWhiteSpace(body.Source) ? (body.Title ?? "document") + extension : body.Source;
        if (!Path.HasExtension(source)) source += extension;
        return new DocumentUpload(source, mediaType, Encoding.UTF8.GetBytes(body.Content), body.Title, body.Tags ?? [],
            body.Metadata ?? new Dictionary<string, string>(), body.DocumentId);
    }

    private static Guid? ParseId(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : Guid.TryParse(value, out var id) ? id
        : throw new InvalidRequest("invalid_document_id", "'document_id' is not a GUID.");

    private static readonly JsonSerializerOptions JsonOptions = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions();
        ApiHosting.Configure(o);
        return o;
    }

    public sealed record TextDocumentRequest(
        string? Content,
        string? Title,
        string? Format,
        string? Source,
        List<string>? Tags,
        Dictionary<string, string>? Metadata,
        Guid? DocumentId);
}
