using EventSourcedRag.Infrastructure.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Text of each PDF page in reading order, pages separated by blank lines.</summary>
public sealed class PdfExtractor : ITextExtractor
{
    public string MediaType => MediaTypes.Pdf;

    public string? Inspect(byte[] content)
    {
        if (!content.AsSpan().StartsWith("%PDF-"u8)) throw new UnreadableDocument("The file does not start with a PDF header.");
        using var pdf = Open(content);
        return TitleOf(pdf);
    }

    public ExtractedText Extract(byte[] content, int maxChars)
    {
        using var pdf = Open(content);
        var pages = new List<string>();
        var total = 0;
        try
        {
            foreach (var page in pdf.GetPages())
            {
                var text = ContentOrderTextExtractor.GetText(page);
                total += text.Length;
                if (total > maxChars) throw new UnreadableDocument($"The document expands to more than {maxChars} characters of text.");
                pages.Add(text);
            }
        }
        catch (Exception ex) when (ex is not UnreadableDocument)
        {
            throw new UnreadableDocument("The PDF could not be read: " + ex.Message, ex);
        }
        return new ExtractedText(TextLimits.Bounded(string.Join("\n\n", pages), maxChars), TitleOf(pdf), "pdfpig-v1");
    }

    private static string? TitleOf(PdfDocument pdf) => pdf.Information.Title is { Length: > 0 } t ? t.Trim() : null;

    private static PdfDocument Open(byte[] content)
    {
        try
        {
            var pdf = PdfDocument.Open(content);
            if (pdf.NumberOfPages == 0) throw new UnreadableDocument("The PDF has no pages.");
            return pdf;
        }
        catch (Exception ex) when (ex is not UnreadableDocument)
        {
            throw new UnreadableDocument("The PDF is corrupt: " + ex.Message, ex);
        }
    }
}
