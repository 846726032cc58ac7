using System.Collections.Concurrent;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Search;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Search;

/// <summary>
/// This host's in-memory search indexes, one per tenant; a projection of the document events fed by
/// <see cref="EventLogIndexFeeder"/>. Each tenant's index uses the configured encoder until an encoder switch
/// (<see cref="SwitchEncoder"/>) gives it another, resolved by version through <paramref name="encoders"/>.
/// </summary>
public sealed class SearchIndexes(IOptions<RetrievalOptions> options, IEmbedder? embedder = null, Func<string, IEmbedder?>? encoders = null)
{
    private readonly ConcurrentDictionary<string, ChunkCollection> _byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IEmbedder?> _switched = new(StringComparer.Ordinal);
    private readonly RetrievalSettings _settings = options.Value.ToSettings();
    private long _position;

    /// <summary>The last global event sequence applied to every tenant's index.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Some tenant's dense encoder is being fitted in the background (a snapshot waits for it).</summary>
    public bool FitInProgress => _byTenant.Values.Any(c => c.FittingInBackground);

    /// <summary>Completes when every background fit started so far has finished: for benchmarks and tests.</summary>
    public Task DenseSettled => Task.WhenAll(_byTenant.Values.Select(c => c.DenseSettled));

    /// <summary>A fixed embedder (ONNX) when one is configured; otherwise each collection fits its own LSA encoder.</summary>
    public ChunkCollection For(string tenant) => _byTenant.GetOrAdd(tenant, t => new ChunkCollection(_settings, EmbedderOf(t)) { ApplyingBacklog = _applyingBacklog });

    /// <summary>The encoder of a tenant's index: the one its last switch chose, else the configured one (null: corpus-fitted LSA).</summary>
    public IEmbedder? EmbedderOf(string tenant) => _switched.TryGetValue(tenant, out var switched) ? switched : embedder;

    /// <summary>The version whose stored vectors a tenant's index loads; null with the corpus-fitted LSA encoder.</summary>
    public string? StoredVectorVersionOf(string tenant) => EmbedderOf(tenant)?.Version;

    /// <summary>The encoder of <paramref name="version"/>, as a switch names it; null for the corpus-fitted LSA encoder.</summary>
    public IEmbedder? Resolve(string version) =>
        version.StartsWith("lsa", StringComparison.Ordinal) ? null
        : embedder?.Version == version ? embedder
        : encoders?.Invoke(version) ?? throw new InvalidOperationException($"This host cannot load encoder {version}, which a tenant switched to; check Embedding:Model.");

    /// <summary>
    /// Blue/green: the tenant's new index, built off to the side from its live chunks and their stored vectors under
    /// the new encoder, replaces the old in one step; queries before it use the old, after it the new.
    /// </summary>
    public void SwitchEncoder(string tenant, IEmbedder? encoder, ChunkCollection built)
    {
        _switched[tenant] = encoder;
        _byTenant[tenant] = built;
        built.ApplyingBacklog = _applyingBacklog;
    }

    /// <summary>A fresh, empty index for a tenant under <paramref name="encoder"/>, to be filled and swapped in by <see cref="SwitchEncoder"/>.</summary>
    public ChunkCollection NewCollection(IEmbedder? encoder) => new(_settings, encoder);

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
            w.Write(StoredVectorVersionOf(tenant) ?? "");
            collection.Write(w);
        }
    }

    /// <summary>Replaces every tenant's index with the snapshot's.</summary>
    public void Read(BinaryReader r)
    {
        var position = r.ReadInt64();
        var count = r.ReadInt32();
        _byTenant.Clear();
        _switched.Clear();
        for (var i = 0; i < count; i++)
        {
            var tenant = r.ReadString();
            var version = r.ReadString();
            if (version != (embedder?.Version ?? "")) _switched[tenant] = version.Length == 0 ? null : Resolve(version);
            _byTenant[tenant] = ChunkCollection.Read(r, _settings, EmbedderOf(tenant));
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
        _switched.Clear();
        Interlocked.Exchange(ref _position, 0);
    }

    /// <summary>The configured encoder's version, whose stored vectors a tenant that never switched loads; null with the corpus-fitted LSA encoder.</summary>
    public string? EncoderVersion => embedder?.Version;

    /// <summary>What a snapshot depends on besides the events: ranking settings and the embedding model.</summary>
    public string Fingerprint => $"{System.Text.Json.JsonSerializer.Serialize(_settings)}|{embedder?.Version ?? "lsa"}";

    internal void Advance(long position)
    {
        foreach (var collection in _byTenant.Values) collection.Advance(position);
        Interlocked.Exchange(ref _position, position);
    }
}
