using System.Security.Cryptography;
using System.Text;

namespace EventSourcedRag.Retrieval.Dense;

/// <summary>
/// What a chunk's vector is computed from, and the hash that keys it: the worker that embeds a chunk and every
/// host that looks its vector up must agree on both, or stored vectors would never be found.
/// </summary>
public static class EmbeddingInput
{
    /// <summary>The document title, then the chunk text: titles carry topic words a chunk often lacks.</summary>
    public static string Of(string title, string text) => title + "\n" + text;

    /// <summary>SHA-256 (hex) of <see cref="Of"/>: the same content in two documents shares one vector.</summary>
    public static string Hash(string title, string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Of(title, text))));
}
