namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

internal static class TextLimits
{
    public static string Bounded(string text, int maxChars)
    {
        if (text.Length > maxChars) throw new UnreadableDocument($"The document expands to more than {maxChars} characters of text.");
        if (string.IsNullOrWhiteSpace(text)) throw new UnreadableDocument("The document contains no text.");
        return text;
    }
}
