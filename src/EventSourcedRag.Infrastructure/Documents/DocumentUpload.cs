namespace EventSourcedRag.Infrastructure.Documents;

/// <summary>A document as a client sent it.</summary>
/// <param name="DocumentId">Set to revise an existing document; null creates a new one.</param>
/// <param name="DeclaredMediaType">The Content-Type the client claimed, if any; the file name and bytes decide.</param>
public sealed record DocumentUpload(
    string FileName,
    string? DeclaredMediaType,
    byte[] Content,
    string? Title,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Metadata,
    Guid? DocumentId = null);
