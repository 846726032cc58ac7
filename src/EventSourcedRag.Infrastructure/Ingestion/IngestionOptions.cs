namespace EventSourcedRag.Infrastructure.Ingestion;

/// <summary>Upload limits and chunking. Section "Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Largest accepted upload in bytes; larger ones get 413.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest extracted text in characters, a guard against decompression bombs in DOCX and PDF.</summary>
    public int MaxExtractedChars { get; set; } = 5_000_000;

    /// <summary>Target chunk size in whitespace tokens.</summary>
    public int ChunkTokens { get; set; } = 120;

    /// <summary>Tokens repeated from the end of one chunk at the start of the next.</summary>
    public int ChunkOverlapTokens { get; set; } = 30;

    public IEnumerable<string> Validate()
    {
        if (MaxUploadBytes <= 0) yield return "Ingestion:MaxUploadBytes must be positive.";
        if (ChunkTokens is < 16 or > 4096) yield return "Ingestion:ChunkTokens must be between 16 and 4096.";
        if (ChunkOverlapTokens < 0 || ChunkOverlapTokens >= ChunkTokens) yield return "Ingestion:ChunkOverlapTokens must be at least 0 and below ChunkTokens.";
    }
}
