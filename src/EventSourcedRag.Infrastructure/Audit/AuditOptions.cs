namespace EventSourcedRag.Infrastructure.Audit;

/// <summary>Tamper evidence of the event log. Section "Audit".</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// ECDSA P-256 private key (PKCS#8 PEM) that signs chain checkpoints. Keep it off the database host: whoever can
    /// rewrite both the events and the chain still cannot sign a checkpoint over the rewritten chain.
    /// </summary>
    public string CheckpointKeyPem { get; set; } = "";

    /// <summary>A file holding <see cref="CheckpointKeyPem"/> (a secret store's mount); when set, its content is used instead of the inline value.</summary>
    public string? CheckpointKeyPemFile { get; set; }

    /// <summary>A signed checkpoint at least every this many chained events (and at the head of every pass).</summary>
    public int CheckpointEvery { get; set; } = 1000;

    /// <summary>How often the worker extends the chain over newly committed events.</summary>
    public TimeSpan ChainInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<string> Validate()
    {
        if (CheckpointEvery < 1) yield return "Audit:CheckpointEvery must be at least 1.";
        if (ChainInterval < TimeSpan.FromMilliseconds(50)) yield return "Audit:ChainInterval must be at least 50 ms.";
    }
}
