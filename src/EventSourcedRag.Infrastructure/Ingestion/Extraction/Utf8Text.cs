using System.Text;

namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>Strict UTF-8 decoding (BOM removed): invalid bytes are an error, not silently replaced.</summary>
public static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] content)
    {
        try
        {
            var span = content.AsSpan();
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
            return Strict.GetString(span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UnreadableDocument("The content is not valid UTF-8 text.", ex);
        }
    }
}
