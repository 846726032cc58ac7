using EventSourcedRag.Domain.Documents;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// The title and chunks of one version of a document, from its stream: what the embedding input is made of. The title
/// is that version's, not a later revision's, so the hash matches what the indexes computed when they indexed it.
/// </summary>
public static class DocumentChunks
{
    public static (string Title, IReadOnlyList<ChunkRecord> Chunks) Of(IReadOnlyList<JasperFx.Events.IEvent> events, int version)
    {
        string title = "";
        IReadOnlyList<ChunkRecord> chunks = [];
        foreach (var e in events)
            switch (e.Data)
            {
                case DocumentSubmitted s: title = s.Title; break;
                case DocumentRevised r when r.Version <= version: title = r.Title; break;
                case DocumentChunked c when c.Version == version: chunks = c.Chunks; break;
            }
        return (title, chunks);
    }
}
