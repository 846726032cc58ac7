namespace EventSourcedRag.Domain.Documents;

/// <summary>Decides what happens to a document stream. Pure: no I/O, no clock.</summary>
public static class DocumentDecider
{
    public static object[] Decide(object command, DocumentState state) => command switch
    {
        SubmitDocument c => Submit(c, state),
        RecordChunks c => Chunk(c, state),
        MarkIndexed c => Index(c, state),
        RecordIngestionFailure c => Fail(c, state),
        DeleteDocument c => Delete(c, state),
        _ => throw new ArgumentException($"Unknown command {command.GetType().Name}", nameof(command)),
    };

    public static DocumentState Evolve(DocumentState state, object @event) => (state, @event) switch
    {
        (_, DocumentSubmitted e) => new DocumentState.Active(e.DocumentId, 1, e.ContentHash, IngestionStage.Submitted, 0),
        (DocumentState.Active a, DocumentRevised e) => a with { Version = e.Version, ContentHash = e.ContentHash, Stage = IngestionStage.Submitted, ChunkCount = 0 },
        (DocumentState.Active a, DocumentChunked e) when e.Version == a.Version => a with { Stage = IngestionStage.Chunked, ChunkCount = e.Chunks.Count },
        (DocumentState.Active a, DocumentIndexed e) when e.Version == a.Version => a with { Stage = IngestionStage.Indexed },
        (DocumentState.Active a, DocumentIngestionFailed e) when e.Version == a.Version => a with { Stage = IngestionStage.Failed },
        (DocumentState.Active a, DocumentDeleted) => new DocumentState.Deleted(a.DocumentId, a.ContentHash),
        _ => state,
    };

    private static object[] Submit(SubmitDocument c, DocumentState state)
    {
        if (DocumentLimits.Violation(c) is { } violation) throw violation;
        switch (state)
        {
            case DocumentState.Initial:
                return [new DocumentSubmitted(c.DocumentId, c.Tenant, c.Source, c.Title, c.MediaType, c.ContentHash, c.SizeBytes, c.Tags, c.Metadata, c.Actor, c.Now)];
            case DocumentState.Active a when a.ContentHash == c.ContentHash:
                return []; // same bytes again: nothing changed
            case DocumentState.Active a:
                return [new DocumentRevised(c.DocumentId, a.Version + 1, c.Source, c.Title, c.MediaType, c.ContentHash, c.SizeBytes, c.Tags, c.Metadata, c.Actor, c.Now)];
            default:
                throw new DomainRuleViolated("document_deleted", $"Document {c.DocumentId} was deleted; submit the content as a new document.");
        }
    }

    // Worker steps are idempotent: a redelivered or stale message finds the stage already passed and changes nothing.
    private static object[] Chunk(RecordChunks c, DocumentState state) =>
        state is DocumentState.Active { Stage: IngestionStage.Submitted } a && a.Version == c.Version
            ? [new DocumentChunked(c.DocumentId, c.Version, c.Extractor, c.TextLength, c.Settings, c.Chunks, c.Now)]
            : [];

    private static object[] Index(MarkIndexed c, DocumentState state) =>
        state is DocumentState.Active { Stage: IngestionStage.Chunked } a && a.Version == c.Version
            ? [new DocumentIndexed(c.DocumentId, c.Version, c.EmbeddingModel, a.ChunkCount, c.Now)]
            : [];

    // Extraction fails a submitted version, embedding a chunked one; an indexed or failed version stays as it is.
    private static object[] Fail(RecordIngestionFailure c, DocumentState state) =>
        state is DocumentState.Active { Stage: IngestionStage.Submitted or IngestionStage.Chunked } a && a.Version == c.Version
            ? [new DocumentIngestionFailed(c.DocumentId, c.Version, c.Reason, c.Now)]
            : [];

    private static object[] Delete(DeleteDocument c, DocumentState state) => state switch
    {
        DocumentState.Initial => throw new StreamNotFound("Document", c.DocumentId),
        DocumentState.Deleted => [],
        _ => [new DocumentDeleted(c.DocumentId, c.Reason, c.Actor, c.Now)],
    };
}
