using System.Security.Cryptography;

namespace EventSourcedRag.Infrastructure.Configuration;

/// <summary>Tamper evidence of the event log. Section "Audit".</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// ECDSA P-256 private key (PKCS#8 PEM) that signs chain checkpoints. Keep it off the database host: whoever can
    /// rewrite both the events and the chain still cannot sign a checkpoint over the rewritten chain.
    /// </summary>
    public string CheckpointKeyPem { get; set; } = "";

    /// <summary>A signed checkpoint at least every this many chained events (and at the head of every pass).</summary>
    public int CheckpointEvery { get; set; } = 1000;

    /// <summary>How often the worker extends the chain over newly committed events.</summary>
    public TimeSpan ChainInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<string> Validate()
    {
        string? problem = null;
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(CheckpointKeyPem);
            if (key.KeySize != 256) problem = "Audit:CheckpointKeyPem must be an ECDSA P-256 key.";
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            problem = "Audit:CheckpointKeyPem must hold an ECDSA P-256 private key in PEM.";
        }
        if (problem is not null) yield return problem;
        if (CheckpointEvery < 1) yield return "Audit:CheckpointEvery must be at least 1.";
        if (ChainInterval < TimeSpan.FromMilliseconds(50)) yield return "Audit:ChainInterval must be at least 50 ms.";
    }
}
