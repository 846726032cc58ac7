using EventSourcedRag.Domain.Documents;
using Marten.Events.Aggregation;

namespace EventSourcedRag.Projections.Documents;

/// <summary>Keeps <see cref="DocumentStatusView"/> in step with each document stream, in the same transaction as its events.</summary>
public sealed partial class DocumentStatusProjection : SingleStreamProjection<DocumentStatusView, Guid>
{
    public static DocumentStatusView Create(DocumentSubmitted e) =>
        new(e.DocumentId, e.Title, e.Source, e.MediaType, e.ContentHash, e.SizeBytes, e.Tags, 1,
            DocumentStatusView.StatusOf(IngestionStage.Submitted), 0, null, null, e.At, e.At);

    public static DocumentStatusView Apply(DocumentRevised e, DocumentStatusView view) =>
        view with
        {
            Title = e.Title, Source = e.Source, MediaType = e.MediaType, ContentHash = e.ContentHash, SizeBytes = e.SizeBytes,
            Tags = e.Tags, DocumentVersion = e.Version, Status = DocumentStatusView.StatusOf(IngestionStage.Submitted), Error = null, UpdatedAt = e.At,
        };

    public static DocumentStatusView Apply(DocumentChunked e, DocumentStatusView view) =>
        e.Version != view.DocumentVersion ? view : view with { Status = DocumentStatusView.StatusOf(IngestionStage.Chunked), ChunkCount = e.Chunks.Count, UpdatedAt = e.At };

    public static DocumentStatusView Apply(DocumentIndexed e, DocumentStatusView view) =>
        e.Version != view.DocumentVersion ? view : view with { Status = DocumentStatusView.StatusOf(IngestionStage.Indexed), EmbeddingModel = e.EmbeddingModel, UpdatedAt = e.At };

    public static DocumentStatusView Apply(DocumentIngestionFailed e, DocumentStatusView view) =>
        e.Version != view.DocumentVersion ? view : view with { Status = DocumentStatusView.StatusOf(IngestionStage.Failed), Error = e.Reason, UpdatedAt = e.At };

    public static DocumentStatusView Apply(DocumentDeleted e, DocumentStatusView view) =>
        view with { Status = DocumentStatusView.Deleted, UpdatedAt = e.At };
}
