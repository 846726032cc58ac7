using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using Marten;
using Spectre.Console;

namespace EventSourcedRag.Cli.Benchmarking;

/// <summary>The corpus, written as the ingestion worker writes it (and, for a pretrained encoder, its stored vectors).</summary>
public sealed partial class LoadBench
{
    private readonly Dictionary<string, StoredVectorPool> _pools = new(StringComparer.Ordinal);

    // Made once per run: embedding the pool's few hundred texts is the only time the bench runs the model on chunks.
    private StoredVectorPool PoolFor(string encoder)
    {
        if (_pools.TryGetValue(encoder, out var pool)) return pool;
        var model = new EmbeddingOptions { Model = encoder }.LoadModel() ?? throw new ArgumentException($"--encoders: '{encoder}' is not a pretrained encoder.");
        return _pools[encoder] = StoredVectorPool.Embed(model);
    }

    private static async Task<(long TextBytes, double Seconds)> AppendCorpusAsync(StorageOptions storage, int chunks, StoredVectorPool? vectors, CancellationToken ct)
    {
        using var store = DocumentStore.For(o => MartenRegistration.Configure(o, storage));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var corpus = new SyntheticCorpus(seed: 7);
        var clock = Stopwatch.StartNew();
        long textBytes = 0, written = 0;
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var encoderVersion = vectors?.Version ?? "lsa";
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask($"  writing {chunks:N0} chunks", maxValue: chunks);
            foreach (var batch in corpus.Documents(chunks).Chunk(200))
            {
                await using var session = store.LightweightSession("default");
                var embedded = new List<(string Title, string Text, int N)>();
                foreach (var (title, texts) in batch)
                {
                    var id = Guid.CreateVersion7();
                    var records = texts.Select((t, i) => new ChunkRecord(Guid.CreateVersion7(), i, t, Hash(t), 0, t.Length, t.Length / 6)).ToList();
                    session.Events.StartStream(id,
                        new DocumentSubmitted(id, "default", "synthetic", title, "text/plain", Hash(title), texts.Sum(t => t.Length), [], new Dictionary<string, string>(), "bench", at),
                        new DocumentChunked(id, 1, "text", texts.Sum(t => t.Length), new ChunkingSettings(256, 32), records, at),
                        new DocumentIndexed(id, 1, encoderVersion, records.Count, at));
                    // What the index holds of a chunk's text: UTF-16 strings of the title and the text.
                    textBytes += texts.Sum(t => 2L * t.Length + 24);
                    embedded.AddRange(texts.Select((t, i) => (title, t, (int)written + i)));
                    written += records.Count;
                }
                // Vectors first, as the embedding stage stores them before it marks the version indexed.
                if (vectors is not null) await vectors.StoreAsync(storage, embedded, ct);
                await session.SaveChangesAsync(ct);
                task.Value = written;
            }
        });
        return (textBytes, clock.Elapsed.TotalSeconds);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
