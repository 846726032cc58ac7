using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Configuration;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.EventStore;
using EventSourcedRag.Infrastructure.Messaging;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// The worker's second step for a document version: embed the chunks that have no stored vector under the serving
/// encoder, store them, and mark the version indexed with that encoder's version. Hosts then load the vectors; none
/// embeds a chunk again. With the corpus-fitted LSA encoder there is nothing to store (each host fits its own) and the
/// version is marked indexed at once. Safe to run twice: a version past "chunked" is left alone, and stored vectors
/// are not recomputed.
/// </summary>
public sealed class EmbeddingStage(
    EventSessions sessions,
    ChunkVectorStore vectors,
    IOptions<EmbeddingOptions> options,
    IOptions<RetrievalOptions> retrieval,
    TimeProvider clock,
    ILogger<EmbeddingStage> logger,
    OnnxSentenceEmbedder? encoder = null)
{
    public const string Actor = "system:embedding-worker";

    public async Task ProcessAsync(DocumentChunkedIntegrationEvent message, string? correlationId, CancellationToken ct)
    {
        var metadata = new EventMetadata(message.Tenant, Actor, correlationId ?? message.CorrelationId ?? Guid.NewGuid().ToString("N"), $"event:{message.EventSequence}");
        if (await ChunksToEmbedAsync(message, ct) is not { } work) return;

        var model = encoder?.Version ?? $"lsa-corpus-fitted/{retrieval.Value.DenseDimensions}d";
        object command = new MarkIndexed(message.DocumentId, message.Version, model, clock.GetUtcNow());
        EmbeddingFailed? failure = null;
        if (encoder is not null)
        {
            try { await EmbedMissingAsync(message.Tenant, encoder, work.Title, work.Chunks, ct); }
            catch (EmbeddingFailed ex)
            {
                logger.LogWarning("Document {DocumentId} v{Version} could not be embedded: {Reason}", message.DocumentId, message.Version, ex.Message);
                failure = ex;
                command = new RecordIngestionFailure(message.DocumentId, message.Version, ex.Message, clock.GetUtcNow());
            }
        }
        await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), message.DocumentId, (DocumentState)DocumentState.Initial.Instance,
            DocumentDecider.Evolve, state => DocumentDecider.Decide(command, state), ct);
        if (failure is not null) throw failure; // recorded: now to the error queue, without retries
    }

    private async Task<(string Title, IReadOnlyList<ChunkRecord> Chunks)?> ChunksToEmbedAsync(DocumentChunkedIntegrationEvent message, CancellationToken ct)
    {
        await using var read = sessions.OpenRead(message.Tenant);
        var events = await read.Events.FetchStreamAsync(message.DocumentId, token: ct);
        var (state, _) = DeciderStore.Fold(events, (DocumentState)DocumentState.Initial.Instance, DocumentDecider.Evolve);
        if (state is not DocumentState.Active { Stage: IngestionStage.Chunked } active || active.Version != message.Version)
        {
            logger.LogInformation("Document {DocumentId} v{Version} needs no embedding (state {State})", message.DocumentId, message.Version, state);
            return null;
        }
        string title = "";
        IReadOnlyList<ChunkRecord> chunks = [];
        foreach (var e in events)
            switch (e.Data)
            {
                case DocumentSubmitted s: title = s.Title; break;
                case DocumentRevised r: title = r.Title; break;
                case DocumentChunked c when c.Version == message.Version: chunks = c.Chunks; break;
            }
        return (title, chunks);
    }

    private async Task EmbedMissingAsync(string tenant, OnnxSentenceEmbedder embedder, string title, IReadOnlyList<ChunkRecord> chunks, CancellationToken ct)
    {
        var byHash = chunks.GroupBy(c => EmbeddingInput.Hash(title, c.Text)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var missing = await vectors.MissingAsync(tenant, embedder.Version, byHash.Keys, ct);
        foreach (var batch in byHash.Where(p => missing.Contains(p.Key)).Chunk(options.Value.StageBatchChunks))
        {
            var encoded = Encode(embedder, batch.Select(p => (p.Value.Ordinal, EmbeddingInput.Of(title, p.Value.Text))).ToList());
            await vectors.StoreAsync(tenant, embedder.Version, batch.Select((p, i) => (p.Key, encoded[i])).ToList(), ct);
        }
    }

    // A batch that fails is embedded text by text, so the failure names the chunk that caused it.
    private static IReadOnlyList<EncodedText> Encode(OnnxSentenceEmbedder embedder, IReadOnlyList<(int Ordinal, string Text)> texts)
    {
        try { return embedder.Encode(texts.Select(t => t.Text).ToList()); }
        catch (Exception batchFailure) when (batchFailure is not OutOfMemoryException)
        {
            foreach (var (ordinal, text) in texts)
            {
                try { embedder.Encode([text]); }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new EmbeddingFailed($"Embedding failed for chunk {ordinal}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}", ex);
                }
            }
            throw new EmbeddingFailed($"Embedding failed for a batch of {texts.Count} chunks: {batchFailure.Message.Split('\n')[0]}", batchFailure);
        }
    }
}
