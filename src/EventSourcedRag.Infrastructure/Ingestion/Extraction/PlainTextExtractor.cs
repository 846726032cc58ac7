using EventSourcedRag.Infrastructure.Documents;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

public sealed class PlainTextExtractor : ITextExtractor
{
    public string MediaType => MediaTypes.Text;

    /// <summary>A short first line followed by a blank line is taken as the title.</summary>
    public string? Inspect(byte[] content)
    {
        var lines = Utf8Text.Decode(content).Replace("\r\n", "\n").Split('\n', 3);
        return lines.Length >= 2 && lines[0].Trim() is { Length: > 0 and <= 100 } first && lines[1].Trim().Length == 0 ? first : null;
    }

    public ExtractedText Extract(byte[] content, int maxChars) =>
        new(TextLimits.Bounded(Utf8Text.Decode(content).Replace("\r\n", "\n"), maxChars), null, "text-v1");
}
