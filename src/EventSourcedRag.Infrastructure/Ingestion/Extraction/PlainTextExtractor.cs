using EventSourcedRag.Infrastructure.Documents;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

public sealed class PlainTextExtractor : ITextExtractor
{
    public string MediaType => MediaTypes.Text;

    public void Validate(byte[] content) => Utf8Text.Decode(content);

    public ExtractedText Extract(byte[] content, int maxChars) =>
        new(TextLimits.Bounded(Utf8Text.Decode(content).Replace("\r\n", "\n"), maxChars), null, "text-v1");
}
