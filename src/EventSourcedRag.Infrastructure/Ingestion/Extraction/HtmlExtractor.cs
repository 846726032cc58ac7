using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EventSourcedRag.Infrastructure.Documents;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Visible text of an HTML page, one line per block element; scripts, styles and navigation dropped.</summary>
public sealed class HtmlExtractor : ITextExtractor
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "nav", "head", "svg" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "section", "article",
        "header", "footer", "blockquote", "pre", "dt", "dd", "main", "aside",
    };

    public string MediaType => MediaTypes.Html;

    public string? Inspect(byte[] content) => TitleOf(new HtmlParser().ParseDocument(Utf8Text.Decode(content)));

    public ExtractedText Extract(byte[] content, int maxChars)
    {
        var document = new HtmlParser().ParseDocument(Utf8Text.Decode(content));
        var sb = new StringBuilder();
        if (document.Body is { } body) Walk(body, sb);
        var text = string.Join('\n', sb.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        return new ExtractedText(TextLimits.Bounded(text, maxChars), TitleOf(document), "anglesharp-v1");
    }

    private static string? TitleOf(AngleSharp.Html.Dom.IHtmlDocument document) =>
        document.Title?.Trim() is { Length: > 0 } t ? t : document.QuerySelector("h1")?.TextContent.Trim();

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IElement element)
            {
                if (Skipped.Contains(element.LocalName)) continue;
                var block = Blocks.Contains(element.LocalName);
                if (block) sb.Append('\n');
                Walk(element, sb);
                if (block) sb.Append('\n');
            }
            else if (child.NodeType == NodeType.Text)
            {
                sb.Append(child.TextContent.Replace('\n', ' '));
            }
        }
    }
}
