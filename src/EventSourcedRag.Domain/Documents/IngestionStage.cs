namespace EventSourcedRag.Domain.Documents;

/// <summary>Where a document version stands in the ingestion pipeline.</summary>
public enum IngestionStage
{
    Submitted,
    Chunked,
    Indexed,
    Failed,
}
