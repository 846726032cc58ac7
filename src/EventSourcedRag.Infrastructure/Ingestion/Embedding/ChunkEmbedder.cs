using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// Embeds a document version's chunks that have no stored vector under one encoder version, and stores them. Shared
/// by the embedding stage (new chunks) and the re-embedding of an encoder switch (live chunks under the target).
/// </summary>
public sealed class ChunkEmbedder(ChunkVectorStore vectors, IOptions<EmbeddingOptions> options)
{
    /// <summary>Returns how many vectors were computed (0 when every chunk had one already).</summary>
    public async Task<int> EmbedMissingAsync(string tenant, IEmbedder embedder, string title, IReadOnlyList<ChunkRecord> chunks, CancellationToken ct)
    {
        var byHash = chunks.GroupBy(c => EmbeddingInput.Hash(title, c.Text)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var missing = await vectors.MissingAsync(tenant, embedder.Version, byHash.Keys, ct);
        foreach (var batch in byHash.Where(p => missing.Contains(p.Key)).Chunk(options.Value.StageBatchChunks))
        {
            var encoded = Encode(embedder, batch.Select(p => (p.Value.Ordinal, EmbeddingInput.Of(title, p.Value.Text))).ToList());
            await vectors.StoreAsync(tenant, embedder.Version, batch.Select((p, i) => (p.Key, encoded[i])).ToList(), ct);
        }
        return missing.Count;
    }

    // A batch that fails is embedded text by text, so the failure names the chunk that caused it.
    private static IReadOnlyList<EncodedText> Encode(IEmbedder embedder, IReadOnlyList<(int Ordinal, string Text)> texts)
    {
        try { return EncodeAll(embedder, texts.Select(t => t.Text).ToList()); }
        catch (Exception batchFailure) when (batchFailure is not OutOfMemoryException)
        {
            foreach (var (ordinal, text) in texts)
            {
                try { EncodeAll(embedder, [text]); }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new EmbeddingFailed($"Embedding failed for chunk {ordinal}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}", ex);
                }
            }
            throw new EmbeddingFailed($"Embedding failed for a batch of {texts.Count} chunks: {batchFailure.Message.Split('\n')[0]}", batchFailure);
        }
    }

    // An encoder that does not count its tokens (another IEmbedder) stores 0 tokens and no truncation.
    private static IReadOnlyList<EncodedText> EncodeAll(IEmbedder embedder, IReadOnlyList<string> texts) =>
        embedder is OnnxSentenceEmbedder onnx ? onnx.Encode(texts) : embedder.Embed(texts).Select(v => new EncodedText(v, 0, false)).ToList();
}
