using System.Collections.Concurrent;
using EventSourcedRag.Infrastructure.Configuration;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Search;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>This host's in-memory search indexes, one per tenant; a projection of the document events fed by <see cref="EventLogIndexFeeder"/>.</summary>
public sealed class SearchIndexes(IOptions<RetrievalOptions> options, IEmbedder? embedder = null)
{
    private readonly ConcurrentDictionary<string, ChunkCollection> _byTenant = new(StringComparer.Ordinal);
    private readonly RetrievalSettings _settings = options.Value.ToSettings();
    private long _position;

    /// <summary>The last global event sequence applied to every tenant's index.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>A fixed embedder (ONNX) when one is configured; otherwise each collection fits its own LSA encoder.</summary>
    public ChunkCollection For(string tenant) => _byTenant.GetOrAdd(tenant, _ => new ChunkCollection(_settings, embedder));

    internal void Advance(long position)
    {
        foreach (var collection in _byTenant.Values) collection.Advance(position);
        Interlocked.Exchange(ref _position, position);
    }
}
