using EventSourcedRag.Domain.Documents;

namespace EventSourcedRag.Projections.Documents;

/// <summary>Read model behind GET /v1/documents/{id}: where a document stands, one row per document.</summary>
/// <remarks>Not named "Version": Marten would fill a property of that name with the stream version.</remarks>
public sealed record DocumentStatusView(
    Guid Id,
    string Title,
    string Source,
    string MediaType,
    string ContentHash,
    long SizeBytes,
    IReadOnlyList<string> Tags,
    int DocumentVersion,
    string Status,
    int ChunkCount,
    string? EmbeddingModel,
    string? Error,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt)
{
    public static string StatusOf(IngestionStage stage) => stage.ToString().ToLowerInvariant();

    public const string Deleted = "deleted";
}
