using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>
/// Which chunks each tenant serves, as embedding-input hashes, and which document versions are still being embedded:
/// a fold of the document events in log order, as the search indexes apply them (a version is live once indexed, a
/// revision or deletion replaces it). Holds hashes, not text, so it stays small at a million chunks.
/// </summary>
public sealed class LiveChunkLedger
{
    public static readonly Type[] EventTypes =
        [typeof(DocumentSubmitted), typeof(DocumentRevised), typeof(DocumentChunked), typeof(DocumentIndexed), typeof(DocumentIngestionFailed), typeof(DocumentDeleted)];

    private readonly Dictionary<string, Dictionary<Guid, Entry>> _tenants = new(StringComparer.Ordinal);

    /// <summary>The last event sequence applied.</summary>
    public long Position { get; private set; }

    public void Apply(string tenant, long sequence, object @event)
    {
        var documents = _tenants.TryGetValue(tenant, out var d) ? d : _tenants[tenant] = [];
        switch (@event)
        {
            case DocumentSubmitted e:
                documents[e.DocumentId] = new Entry { Title = e.Title };
                break;
            case DocumentRevised e when documents.TryGetValue(e.DocumentId, out var entry):
                entry.Title = e.Title;
                entry.Pending = null;
                break;
            case DocumentChunked e when documents.TryGetValue(e.DocumentId, out var entry):
                entry.Pending = (e.Version, e.Chunks);
                break;
            case DocumentIndexed e when documents.TryGetValue(e.DocumentId, out var entry) && entry.Pending is { } pending && pending.Version == e.Version:
                entry.Live = (e.Version, pending.Chunks.Select(c => EmbeddingInput.Hash(entry.Title, c.Text)).ToArray());
                entry.Pending = null;
                break;
            case DocumentIngestionFailed e when documents.TryGetValue(e.DocumentId, out var entry) && entry.Pending?.Version == e.Version:
                entry.Pending = null;
                break;
            case DocumentDeleted e:
                documents.Remove(e.DocumentId);
                break;
        }
        Position = Math.Max(Position, sequence);
    }

    /// <summary>Moves the position past events of other types up to <paramref name="sequence"/> (all applied).</summary>
    public void Advance(long sequence) => Position = Math.Max(Position, sequence);

    /// <summary>A tenant's live document versions with their chunks' hashes.</summary>
    public IEnumerable<(DocumentVersionRef Document, string[] Hashes)> Live(string tenant) =>
        _tenants.GetValueOrDefault(tenant)?.Where(p => p.Value.Live is not null).Select(p => (new DocumentVersionRef(p.Key, p.Value.Live!.Value.Version), p.Value.Live!.Value.Hashes))
        ?? [];

    /// <summary>A tenant's document versions chunked and neither indexed nor failed yet.</summary>
    public int InFlight(string tenant) => _tenants.GetValueOrDefault(tenant)?.Values.Count(e => e.Pending is not null) ?? 0;

    private sealed class Entry
    {
        public required string Title { get; set; }
        public (int Version, IReadOnlyList<ChunkRecord> Chunks)? Pending { get; set; }
        public (int Version, string[] Hashes)? Live { get; set; }
    }
}
