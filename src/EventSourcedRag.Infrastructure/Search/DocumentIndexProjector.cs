using System.Text.Json;
using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// Applies document events, in log order, to the search indexes: chunks wait until their version is marked
/// indexed, a new version replaces the old, a deletion removes the document.
/// </summary>
public sealed class DocumentIndexProjector(SearchIndexes indexes)
{
    private readonly Dictionary<(string Tenant, Guid Document), DocumentInfo> _documents = [];

    public static readonly Type[] EventTypes =
        [typeof(DocumentSubmitted), typeof(DocumentRevised), typeof(DocumentChunked), typeof(DocumentIndexed), typeof(DocumentDeleted)];

    public void Apply(string tenant, long sequence, object @event)
    {
        switch (@event)
        {
            case DocumentSubmitted e:
                _documents[(tenant, e.DocumentId)] = new DocumentInfo(e.Title, e.Source, e.Tags, e.At);
                break;
            case DocumentRevised e when _documents.TryGetValue((tenant, e.DocumentId), out var info):
                _documents[(tenant, e.DocumentId)] = info with { Title = e.Title, Source = e.Source, Tags = e.Tags, PendingChunks = null };
                break;
            case DocumentChunked e when _documents.TryGetValue((tenant, e.DocumentId), out var info):
                _documents[(tenant, e.DocumentId)] = info with { PendingVersion = e.Version, PendingChunks = e.Chunks };
                break;
            case DocumentIndexed e when _documents.TryGetValue((tenant, e.DocumentId), out var info)
                                        && info.PendingVersion == e.Version && info.PendingChunks is { } chunks:
                var indexed = chunks.Select(c => new IndexedChunk(c.ChunkId, e.DocumentId, e.Version, c.Ordinal, info.Title, info.Source, info.Tags, info.SubmittedAt, c.Text)).ToList();
                indexes.For(tenant).ReplaceDocument(e.DocumentId, indexed, sequence);
                _documents[(tenant, e.DocumentId)] = info with { PendingChunks = null };
                break;
            case DocumentDeleted e:
                _documents.Remove((tenant, e.DocumentId));
                indexes.For(tenant).RemoveDocument(e.DocumentId, sequence);
                break;
        }
    }

    /// <summary>Writes what the projector remembers about documents, for an index snapshot.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(_documents.Count);
        foreach (var ((tenant, document), info) in _documents.OrderBy(p => p.Key.Tenant, StringComparer.Ordinal).ThenBy(p => p.Key.Document))
        {
            w.Write(tenant);
            w.Write(document.ToByteArray());
            w.Write(JsonSerializer.Serialize(info));
        }
    }

    public void Reset() => _documents.Clear();

    public void Read(BinaryReader r)
    {
        _documents.Clear();
        var count = r.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = (r.ReadString(), new Guid(r.ReadBytes(16)));
            _documents[key] = JsonSerializer.Deserialize<DocumentInfo>(r.ReadString()) ?? throw new InvalidDataException("Empty document entry in snapshot.");
        }
    }

    private sealed record DocumentInfo(string Title, string Source, IReadOnlyList<string> Tags, DateTimeOffset SubmittedAt)
    {
        public int PendingVersion { get; init; }
        public IReadOnlyList<ChunkRecord>? PendingChunks { get; init; }
    }
}
