namespace EventSourcedRag.Infrastructure.Documents;

/// <summary>The document formats we ingest, recognised by file extension.</summary>
public static class MediaTypes
{
    public const string Text = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = Text, [".text"] = Text, [".md"] = Markdown, [".markdown"] = Markdown, [".html"] = Html, [".htm"] = Html,
        [".pdf"] = Pdf, [".docx"] = Docx,
    };

    private static readonly Dictionary<string, string> ByDeclared = new(StringComparer.OrdinalIgnoreCase)
    {
        [Text] = Text, [Markdown] = Markdown, ["text/x-markdown"] = Markdown, [Html] = Html, [Pdf] = Pdf, [Docx] = Docx,
    };

    public static IReadOnlyCollection<string> Supported => ByDeclared.Values.Distinct().ToList();

    /// <summary>The media type of a file: its extension decides, else a recognised declared type; null when unsupported.</summary>
    public static string? Resolve(string fileName, string? declared)
    {
        var ext = Path.GetExtension(fileName);
        if (!string.IsNullOrEmpty(ext)) return ByExtension.GetValueOrDefault(ext);
        var bare = declared?.Split(';')[0].Trim();
        return bare is null ? null : ByDeclared.GetValueOrDefault(bare);
    }

    public static string? FromFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "text" or "txt" => Text,
        "markdown" or "md" => Markdown,
        "html" => Html,
        _ => null,
    };
}
