using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EventSourcedRag.Infrastructure.Documents;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Paragraph text of a Word document. The zip is inspected first so a decompression bomb is refused unopened.</summary>
public sealed class DocxExtractor : ITextExtractor
{
    private const long MaxUncompressedBytes = 256L * 1024 * 1024;
    private const double MaxCompressionRatio = 200;

    public string MediaType => MediaTypes.Docx;

    public string? Inspect(byte[] content)
    {
        CheckPackage(content);
        try
        {
            using var doc = WordprocessingDocument.Open(new MemoryStream(content), false);
            return doc.PackageProperties.Title is { Length: > 0 } t ? t.Trim() : null;
        }
        catch (Exception ex) when (ex is not UnreadableDocument)
        {
            throw new UnreadableDocument("The Word document could not be read: " + ex.Message, ex);
        }
    }

    private static void CheckPackage(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.GetEntry("word/document.xml") is null) throw new UnreadableDocument("The file is a zip but not a Word document.");
            long total = 0, compressed = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                compressed += entry.CompressedLength;
            }
            if (total > MaxUncompressedBytes || (compressed > 0 && total / (double)compressed > MaxCompressionRatio && total > 10 * 1024 * 1024))
                throw new UnreadableDocument("The Word document expands too much when unpacked (possible decompression bomb).");
        }
        catch (InvalidDataException ex)
        {
            throw new UnreadableDocument("The Word document is not a valid zip package.", ex);
        }
    }

    public ExtractedText Extract(byte[] content, int maxChars)
    {
        CheckPackage(content);
        try
        {
            using var doc = WordprocessingDocument.Open(new MemoryStream(content), false);
            var body = doc.MainDocumentPart?.Document?.Body ?? throw new UnreadableDocument("The Word document has no body.");
            var paragraphs = body.Descendants<Paragraph>().Select(p => p.InnerText.Trim()).Where(t => t.Length > 0).ToList();
            var title = doc.PackageProperties.Title is { Length: > 0 } t ? t.Trim() : null;
            return new ExtractedText(TextLimits.Bounded(string.Join("\n\n", paragraphs), maxChars), title, "openxml-v1");
        }
        catch (Exception ex) when (ex is not UnreadableDocument)
        {
            throw new UnreadableDocument("The Word document could not be read: " + ex.Message, ex);
        }
    }
}
