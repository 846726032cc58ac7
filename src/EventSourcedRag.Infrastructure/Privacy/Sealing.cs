using System.Security.Cryptography;

namespace EventSourcedRag.Infrastructure.Privacy;

/// <summary>AES-256-GCM with a random nonce: nonce (12) | ciphertext | tag (16).</summary>
public static class Sealing
{
    public static byte[] Encrypt(byte[] key, byte[] plain) => Seal(key, RandomNumberGenerator.GetBytes(12), plain);

    /// <summary>
    /// Like <see cref="Encrypt"/>, with the nonce derived from key and plaintext (HMAC-SHA-256, synthetic IV), so the
    /// same plaintext under the same key seals to the same bytes: a content-addressed artifact holding sealed parts
    /// keeps one address per content. A nonce repeats only with its plaintext, which reveals no more than equality.
    /// </summary>
    public static byte[] EncryptDeterministic(byte[] key, byte[] plain) =>
        Seal(key, HMACSHA256.HashData(key, (byte[])[.. "esrag synthetic iv\n"u8, .. plain])[..12], plain);

    private static byte[] Seal(byte[] key, byte[] nonce, byte[] plain)
    {
        var output = new byte[12 + plain.Length + 16];
        nonce.CopyTo(output, 0);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length));
        return output;
    }

    /// <summary>The plaintext, or null when the key is wrong or the bytes were altered.</summary>
    public static byte[]? Decrypt(byte[] key, byte[] sealedBytes)
    {
        if (sealedBytes.Length < 28) return null;
        var plain = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length), plain);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
