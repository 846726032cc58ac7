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

    /// <summary>Some tenant's dense encoder is being fitted in the background (a snapshot waits for it).</summary>
    public bool FitInProgress => _byTenant.Values.Any(c => c.FittingInBackground);

    /// <summary>Completes when every background fit started so far has finished: for benchmarks and tests.</summary>
    public Task DenseSettled => Task.WhenAll(_byTenant.Values.Select(c => c.DenseSettled));

    /// <summary>A fixed embedder (ONNX) when one is configured; otherwise each collection fits its own LSA encoder.</summary>
    public ChunkCollection For(string tenant) => _byTenant.GetOrAdd(tenant, _ => new ChunkCollection(_settings, embedder) { ApplyingBacklog = _applyingBacklog });

    /// <summary>Set by the feeder while it applies a backlog of the log: background fits wait for it (<see cref="ChunkCollection.ApplyingBacklog"/>).</summary>
    public bool ApplyingBacklog
    {
        get => _applyingBacklog;
        set
        {
            _applyingBacklog = value;
            foreach (var collection in _byTenant.Values) collection.ApplyingBacklog = value;
        }
    }

    private volatile bool _applyingBacklog;

    public void Write(BinaryWriter w)
    {
        w.Write(Position);
        var tenants = _byTenant.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        w.Write(tenants.Count);
        foreach (var (tenant, collection) in tenants)
        {
            w.Write(tenant);
            collection.Write(w);
        }
    }

    /// <summary>Replaces every tenant's index with the snapshot's.</summary>
    public void Read(BinaryReader r)
    {
        var position = r.ReadInt64();
        var count = r.ReadInt32();
        _byTenant.Clear();
        for (var i = 0; i < count; i++)
        {
            var tenant = r.ReadString();
            _byTenant[tenant] = ChunkCollection.Read(r, _settings, embedder);
        }
        Interlocked.Exchange(ref _position, position);
    }

    /// <summary>Every tenant's index gives back the slack of its growing lists (after a backlog was applied).</summary>
    public void TrimExcess()
    {
        foreach (var collection in _byTenant.Values) collection.TrimExcess();
    }

    /// <summary>Forgets everything, back to position 0 (after a snapshot that failed half-way through loading).</summary>
    public void Reset()
    {
        _byTenant.Clear();
        Interlocked.Exchange(ref _position, 0);
    }

    /// <summary>The external encoder's version whose stored vectors this host loads; null with the corpus-fitted LSA encoder.</summary>
    public string? EncoderVersion => embedder?.Version;

    /// <summary>What a snapshot depends on besides the events: ranking settings and the embedding model.</summary>
    public string Fingerprint => $"{System.Text.Json.JsonSerializer.Serialize(_settings)}|{embedder?.Version ?? "lsa"}";

    internal void Advance(long position)
    {
        foreach (var collection in _byTenant.Values) collection.Advance(position);
        Interlocked.Exchange(ref _position, position);
    }
}
