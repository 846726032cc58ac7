using EventSourcedRag.Infrastructure.Documents;
using Markdig;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Markdown rendered to plain text; the first level-one heading is the title.</summary>
public sealed class MarkdownExtractor : ITextExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public string MediaType => MediaTypes.Markdown;

    public void Validate(byte[] content) => Utf8Text.Decode(content);

    public ExtractedText Extract(byte[] content, int maxChars)
    {
        var source = Utf8Text.Decode(content).Replace("\r\n", "\n");
        var title = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
        var text = Markdown.ToPlainText(source, Pipeline);
        return new ExtractedText(TextLimits.Bounded(text, maxChars), title, "markdig-v1");
    }
}
