namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <param name="Title">A title found in the document itself (HTML title, first heading), if any.</param>
public sealed record ExtractedText(string Text, string? Title, string Extractor);
