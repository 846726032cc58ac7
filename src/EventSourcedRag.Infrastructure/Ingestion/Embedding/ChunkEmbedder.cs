using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// Embeds a document version's chunks that have no stored vector under one encoder version, and stores them. Shared
/// by the embedding stage (new chunks) and the re-embedding of an encoder switch (live chunks under the target).
/// </summary>
public sealed class ChunkEmbedder(ChunkVectorStore vectors, EmbeddingBatcher batcher, IOptions<EmbeddingOptions> options)
{
    /// <summary>Returns how many vectors were computed (0 when every chunk had one already).</summary>
    public async Task<int> EmbedMissingAsync(string tenant, IEmbedder embedder, string title, IReadOnlyList<ChunkRecord> chunks, CancellationToken ct)
    {
        var byHash = chunks.GroupBy(c => EmbeddingInput.Hash(title, c.Text)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var missing = await vectors.MissingAsync(tenant, embedder.Version, byHash.Keys, ct);
        foreach (var batch in byHash.Where(p => missing.Contains(p.Key)).Chunk(options.Value.StageBatchChunks))
        {
            var encoded = await EncodeAsync(embedder, batch.Select(p => (p.Value.Ordinal, EmbeddingInput.Of(title, p.Value.Text))).ToList(), ct);
            await vectors.StoreAsync(tenant, embedder.Version, batch.Select((p, i) => (p.Key, encoded[i])).ToList(), ct);
        }
        return missing.Count;
    }

    // A batch that fails is embedded text by text, so the failure names the chunk that caused it.
    private async Task<IReadOnlyList<EncodedText>> EncodeAsync(IEmbedder embedder, IReadOnlyList<(int Ordinal, string Text)> texts, CancellationToken ct)
    {
        try { return await batcher.EncodeAsync(embedder, texts.Select(t => t.Text).ToList(), ct); }
        catch (Exception batchFailure) when (batchFailure is not (OutOfMemoryException or OperationCanceledException))
        {
            foreach (var (ordinal, text) in texts)
            {
                try { EmbeddingBatcher.EncodeNow(embedder, [text]); }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new EmbeddingFailed($"Embedding failed for chunk {ordinal}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}", ex);
                }
            }
            throw new EmbeddingFailed($"Embedding failed for a batch of {texts.Count} chunks: {batchFailure.Message.Split('\n')[0]}", batchFailure);
        }
    }
}
