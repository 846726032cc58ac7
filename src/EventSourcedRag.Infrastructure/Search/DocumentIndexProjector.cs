using System.Text.Json;
using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Domain.Encoders;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// Applies document events, in log order, to the search indexes: chunks wait until their version is marked
/// indexed, a new version replaces the old, a deletion removes the document. With a pretrained encoder the chunks'
/// vectors are the ones the worker stored (<see cref="IChunkVectorSource"/>): changes are collected by
/// <see cref="Apply"/> and made by <see cref="FlushAsync"/>, which loads the vectors of a whole page in one query.
/// An <see cref="EncoderSwitched"/> (passed only by hosts that follow switches, not by a replay pinned to the encoder
/// that served) rebuilds the tenant's index under the new encoder from its stored vectors, at that point in the log.
/// </summary>
public sealed class DocumentIndexProjector(SearchIndexes indexes, IChunkVectorSource? vectors = null)
{
    private readonly Dictionary<(string Tenant, Guid Document), DocumentInfo> _documents = [];
    private readonly List<Change> _changes = [];

    /// <summary>Chunks indexed without a stored vector (found lexically only) since this projector started.</summary>
    public long ChunksWithoutVectors { get; private set; }

    public static readonly Type[] EventTypes =
        [typeof(DocumentSubmitted), typeof(DocumentRevised), typeof(DocumentChunked), typeof(DocumentIndexed), typeof(DocumentDeleted)];

    /// <summary>What a host that follows encoder switches reads besides <see cref="EventTypes"/>.</summary>
    public static readonly Type[] SwitchEventTypes = [typeof(EncoderSwitched)];

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
                _changes.Add(new Change(tenant, e.DocumentId, sequence, indexed));
                _documents[(tenant, e.DocumentId)] = info with { PendingChunks = null };
                break;
            case DocumentDeleted e:
                _documents.Remove((tenant, e.DocumentId));
                _changes.Add(new Change(tenant, e.DocumentId, sequence, null));
                break;
            case EncoderSwitched e:
                _changes.Add(new Change(tenant, Guid.Empty, sequence, null) { SwitchTo = e.To });
                break;
        }
    }

    /// <summary>Makes the changes applied since the last flush, in log order, with their stored vectors.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        for (var start = 0; start < _changes.Count;)
        {
            // Vectors are loaded per run of changes between switches: a switch changes the version they are read under.
            var end = _changes.FindIndex(start, c => c.SwitchTo is not null);
            await ApplyAsync(_changes.GetRange(start, (end < 0 ? _changes.Count : end) - start), ct);
            if (end < 0) break;
            await SwitchAsync(_changes[end], ct);
            start = end + 1;
        }
        _changes.Clear();
    }

    private async Task ApplyAsync(IReadOnlyList<Change> changes, CancellationToken ct)
    {
        var found = await LoadVectorsAsync(changes, ct);
        foreach (var change in changes)
        {
            if (change.Chunks is null)
            {
                indexes.For(change.Tenant).RemoveDocument(change.DocumentId, change.Sequence);
                continue;
            }
            IReadOnlyList<float[]?>? stored = null;
            if (found.TryGetValue(change.Tenant, out var tenantVectors))
            {
                stored = change.Hashes!.Select(h => tenantVectors.GetValueOrDefault(h)).ToList();
                ChunksWithoutVectors += stored.Count(v => v is null);
            }
            indexes.For(change.Tenant).ReplaceDocument(change.DocumentId, change.Chunks, change.Sequence, stored);
        }
    }

    private async Task SwitchAsync(Change change, CancellationToken ct)
    {
        var encoder = indexes.Resolve(change.SwitchTo!);
        var live = indexes.For(change.Tenant).Snapshot();
        var stored = encoder is null || vectors is null ? null
            : await vectors.LoadAsync(change.Tenant, encoder.Version, live.Select(Hash).ToHashSet(StringComparer.Ordinal), ct);
        var built = indexes.NewCollection(encoder);
        foreach (var document in live.GroupBy(c => c.DocumentId))
        {
            var chunks = document.OrderBy(c => c.Ordinal).ToList();
            var documentVectors = stored is null ? null : chunks.Select(c => stored.GetValueOrDefault(Hash(c))).ToList();
            ChunksWithoutVectors += documentVectors?.Count(v => v is null) ?? 0;
            built.ReplaceDocument(document.Key, chunks, change.Sequence, documentVectors);
        }
        built.Advance(change.Sequence);
        indexes.SwitchEncoder(change.Tenant, encoder, built);
    }

    private async Task<Dictionary<string, IReadOnlyDictionary<string, float[]>>> LoadVectorsAsync(IReadOnlyList<Change> changes, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, float[]>>(StringComparer.Ordinal);
        if (vectors is null) return result;
        foreach (var tenant in changes.Where(c => c.Chunks is not null).GroupBy(c => c.Tenant))
            if (indexes.StoredVectorVersionOf(tenant.Key) is { } version)
            {
                foreach (var change in tenant) change.Hashes = change.Chunks!.Select(Hash).ToArray();
                result[tenant.Key] = await vectors.LoadAsync(tenant.Key, version, tenant.SelectMany(c => c.Hashes!).ToHashSet(StringComparer.Ordinal), ct);
            }
        return result;
    }

    private static string Hash(IndexedChunk chunk) => EmbeddingInput.Hash(chunk.Title, chunk.Text);

    private sealed record Change(string Tenant, Guid DocumentId, long Sequence, IReadOnlyList<IndexedChunk>? Chunks)
    {
        /// <summary>The encoder version the tenant switched to, for a switch.</summary>
        public string? SwitchTo { get; init; }

        /// <summary>Each chunk's embedding-input hash, computed once when its vectors are looked up.</summary>
        public string[]? Hashes { get; set; }
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
