namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Pulls plain text out of one document format.</summary>
public interface ITextExtractor
{
    string MediaType { get; }

    /// <summary>
    /// Cheap structural check done before an upload is accepted; returns the document's own title if it names one.
    /// Throws <see cref="UnreadableDocument"/>.
    /// </summary>
    string? Inspect(byte[] content);

    /// <exception cref="UnreadableDocument">The content is corrupt or holds no text.</exception>
    ExtractedText Extract(byte[] content, int maxChars);
}
