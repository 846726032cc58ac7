namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Picks the extractor for a media type.</summary>
public sealed class TextExtractors(IEnumerable<ITextExtractor> extractors)
{
    private readonly Dictionary<string, ITextExtractor> _byType = extractors.ToDictionary(e => e.MediaType, StringComparer.OrdinalIgnoreCase);

    public static TextExtractors Default { get; } = new([new PlainTextExtractor(), new MarkdownExtractor(), new HtmlExtractor(), new PdfExtractor(), new DocxExtractor()]);

    public ITextExtractor For(string mediaType) =>
        _byType.TryGetValue(mediaType, out var e) ? e : throw new UnreadableDocument($"No extractor for {mediaType}.");
}
