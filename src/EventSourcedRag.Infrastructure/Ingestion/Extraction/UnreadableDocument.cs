namespace EventSourcedRag.Infrastructure.Ingestion.Extraction;

/// <summary>The bytes are not a readable document of their type. Permanent: retrying cannot help.</summary>
public sealed class UnreadableDocument(string message, Exception? inner = null) : Exception(message, inner);
