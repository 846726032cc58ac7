using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EventSourcedRag.Infrastructure.Documents;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Visible text of an HTML page, one line per block element; scripts, styles and navigation dropped.</summary>
/// <param name="timeLimit">How long one page may take to read (<see cref="DefaultTimeLimit"/> unless a test says otherwise).</param>
public sealed class HtmlExtractor(TimeSpan? timeLimit = null) : ITextExtractor
{
    /// <summary>
    /// A pathological page (within the depth limit, but built to be slow) fails its version with this reason rather
    /// than holding a worker's CPU for minutes (issue 24). Ordinary pages of several MB read in well under a second.
    /// </summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(15);

    private readonly TimeSpan _timeLimit = timeLimit ?? DefaultTimeLimit;

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "nav", "head", "svg" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "section", "article",
        "header", "footer", "blockquote", "pre", "dt", "dd", "main", "aside",
    };

    public string MediaType => MediaTypes.Html;

    /// <summary>Deeper pages are refused: a parse of 100,000 nested elements took minutes (issue 24), and the walk below recurses.</summary>
    public const int MaxDepth = 512;

    private static readonly Regex Tag = new("<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>", RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
    private static readonly Regex TitleTag = new("<title[^>]*>([^<]{1,500})</title>", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
        { "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr" };

    /// <summary>
    /// Runs inside the upload request, so it does not parse: the title is looked for in the first 64 KB only. The page
    /// is parsed in the worker (<see cref="Extract"/>), within <see cref="MaxDepth"/>.
    /// </summary>
    public string? Inspect(byte[] content)
    {
        var text = Utf8Text.Decode(content);
        var match = TitleTag.Match(text.Length > 65_536 ? text[..65_536] : text);
        return match.Success && System.Net.WebUtility.HtmlDecode(match.Groups[1].Value).Trim() is { Length: > 0 } title ? title : null;
    }

    public ExtractedText Extract(byte[] content, int maxChars)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(_timeLimit);
        try
        {
            var html = Utf8Text.Decode(content);
            if (DepthOf(html, deadline.Token) > MaxDepth) throw new UnreadableDocument($"The page nests elements deeper than {MaxDepth} levels.");
            // The parser checks the token between tokens, so a slow page stops at the limit instead of running on.
            var document = new HtmlParser().ParseDocumentAsync(html, deadline.Token).GetAwaiter().GetResult();
            var sb = new StringBuilder();
            if (document.Body is { } body) Walk(body, sb, deadline.Token);
            var text = string.Join('\n', sb.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
            return new ExtractedText(TextLimits.Bounded(text, maxChars), TitleOf(document), "anglesharp-v1");
        }
        catch (Exception ex) when (ex is OperationCanceledException or RegexMatchTimeoutException)
        {
            throw new UnreadableDocument($"The page could not be read within {_timeLimit.TotalSeconds:0.###} s (stopped after {clock.Elapsed.TotalSeconds:0.###} s); it is too large or too complex.");
        }
    }

    /// <summary>How deep elements nest, from the tags alone (void and self-closed elements do not open a level): linear, no parse.</summary>
    private static int DepthOf(string html, CancellationToken deadline)
    {
        int depth = 0, max = 0, seen = 0;
        for (var m = Tag.Match(html); m.Success; m = m.NextMatch())
        {
            if (++seen % 4096 == 0) deadline.ThrowIfCancellationRequested();
            if (m.Groups[1].Length > 0) depth = Math.Max(0, depth - 1);
            else if (m.Groups[3].Length == 0 && !Void.Contains(m.Groups[2].Value)) max = Math.Max(max, ++depth);
            if (max > MaxDepth) break;
        }
        return max;
    }

    private static string? TitleOf(AngleSharp.Html.Dom.IHtmlDocument document) =>
        document.Title?.Trim() is { Length: > 0 } t ? t : document.QuerySelector("h1")?.TextContent.Trim();

    private static void Walk(INode node, StringBuilder sb, CancellationToken deadline)
    {
        deadline.ThrowIfCancellationRequested();
        foreach (var child in node.ChildNodes)
        {
            if (child is IElement element)
            {
                if (Skipped.Contains(element.LocalName)) continue;
                var block = Blocks.Contains(element.LocalName);
                if (block) sb.Append('\n');
                Walk(element, sb, deadline);
                if (block) sb.Append('\n');
            }
            else if (child.NodeType == NodeType.Text)
            {
                sb.Append(child.TextContent.Replace('\n', ' '));
            }
        }
    }
}
