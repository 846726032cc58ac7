using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using PdfPageSize = UglyToad.PdfPig.Content.PageSize;

namespace EventSourcedRag.Api.Tests.Fixtures;

/// <summary>Writes real PDF and DOCX files from paragraphs, for upload tests (and the shipped sample handbook).</summary>
public static class DocumentFiles
{
    public static byte[] Pdf(string title, IEnumerable<string> paragraphs)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(PdfPageSize.A4);
        var y = 780.0;
        page.AddText(title, 16, new PdfPoint(50, y), bold);
        y -= 30;
        foreach (var paragraph in paragraphs)
        {
            foreach (var line in Wrap(paragraph, 90))
            {
                if (y < 60)
                {
                    page = builder.AddPage(PdfPageSize.A4);
                    y = 780;
                }
                page.AddText(line, 11, new PdfPoint(50, y), font);
                y -= 15;
            }
            y -= 10;
        }
        return builder.Build();
    }

    public static byte[] Docx(string title, IEnumerable<string> paragraphs)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            doc.PackageProperties.Title = title;
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.AppendChild(new Paragraph(new Run(new RunProperties(new Bold()), new Text(title))));
            foreach (var p in paragraphs) body.AppendChild(new Paragraph(new Run(new Text(p) { Space = SpaceProcessingModeValues.Preserve })));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0) yield return line;
    }
}
