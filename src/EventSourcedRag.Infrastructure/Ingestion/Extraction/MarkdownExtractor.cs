using EventSourcedRag.Infrastructure.Documents;
using Markdig;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Markdown rendered to plain text; the first level-one heading is the title.</summary>
public sealed class MarkdownExtractor : ITextExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public string MediaType => MediaTypes.Markdown;

    public string? Inspect(byte[] content) => FirstHeading(Utf8Text.Decode(content));

    public ExtractedText Extract(byte[] content, int maxChars)
    {
        var source = Utf8Text.Decode(content).Replace("\r\n", "\n");
        var text = Markdown.ToPlainText(source, Pipeline);
        return new ExtractedText(TextLimits.Bounded(text, maxChars), FirstHeading(source), "markdig-v1");
    }

    private static string? FirstHeading(string source) =>
        source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
}
