using System.Text.Json;
using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// Applies document events, in log order, to the search indexes: chunks wait until their version is marked
/// indexed, a new version replaces the old, a deletion removes the document. With a pretrained encoder the chunks'
/// vectors are the ones the worker stored (<see cref="IChunkVectorSource"/>): changes are collected by
/// <see cref="Apply"/> and made by <see cref="FlushAsync"/>, which loads the vectors of a whole page in one query.
/// </summary>
public sealed class DocumentIndexProjector(SearchIndexes indexes, IChunkVectorSource? vectors = null, string? encoderVersion = null)
{
    private readonly Dictionary<(string Tenant, Guid Document), DocumentInfo> _documents = [];
    private readonly List<Change> _changes = [];

    /// <summary>Chunks indexed without a stored vector (found lexically only) since this projector started.</summary>
    public long ChunksWithoutVectors { get; private set; }

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
                _changes.Add(new Change(tenant, e.DocumentId, sequence, indexed, StoredVectors ? indexed.Select(c => EmbeddingInput.Hash(c.Title, c.Text)).ToArray() : null));
                _documents[(tenant, e.DocumentId)] = info with { PendingChunks = null };
                break;
            case DocumentDeleted e:
                _documents.Remove((tenant, e.DocumentId));
                _changes.Add(new Change(tenant, e.DocumentId, sequence, null, null));
                break;
        }
    }

    /// <summary>Makes the changes applied since the last flush, in log order, with their stored vectors.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var found = await LoadVectorsAsync(ct);
        foreach (var change in _changes)
        {
            if (change.Chunks is null)
            {
                indexes.For(change.Tenant).RemoveDocument(change.DocumentId, change.Sequence);
                continue;
            }
            IReadOnlyList<float[]?>? stored = null;
            if (found is not null && change.Hashes is not null)
            {
                var tenantVectors = found.GetValueOrDefault(change.Tenant);
                stored = change.Hashes.Select(h => tenantVectors?.GetValueOrDefault(h)).ToList();
                ChunksWithoutVectors += stored.Count(v => v is null);
            }
            indexes.For(change.Tenant).ReplaceDocument(change.DocumentId, change.Chunks, change.Sequence, stored);
        }
        _changes.Clear();
    }

    private async Task<Dictionary<string, IReadOnlyDictionary<string, float[]>>?> LoadVectorsAsync(CancellationToken ct)
    {
        if (!StoredVectors) return null;
        var result = new Dictionary<string, IReadOnlyDictionary<string, float[]>>(StringComparer.Ordinal);
        foreach (var tenant in _changes.Where(c => c.Hashes is not null).GroupBy(c => c.Tenant))
            result[tenant.Key] = await vectors!.LoadAsync(tenant.Key, encoderVersion!, tenant.SelectMany(c => c.Hashes!).ToHashSet(StringComparer.Ordinal), ct);
        return result;
    }

    private bool StoredVectors => vectors is not null && encoderVersion is not null;

    /// <param name="Hashes">Each chunk's embedding-input hash (computed once), when vectors come from the store.</param>
    private sealed record Change(string Tenant, Guid DocumentId, long Sequence, IReadOnlyList<IndexedChunk>? Chunks, string[]? Hashes);

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

    public void Reset()
    {
        _documents.Clear();
        _changes.Clear();
    }

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
