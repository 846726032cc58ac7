using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>
/// Embeds live chunks under a switch's target. Idempotent: chunks with a stored vector are skipped, so a page sent
/// twice (a redelivery, a second worker's monitor) costs one lookup. A chunk the target cannot embed is logged and
/// left missing: the switch then waits, its status shows what is missing, and an administrator may cancel it.
/// </summary>
public sealed class ReembedDocumentsConsumer(EventSessions sessions, ChunkEmbedder embedder, EncoderLibrary library, ILogger<ReembedDocumentsConsumer> logger)
    : IConsumer<ReembedDocuments>
{
    public async Task Consume(ConsumeContext<ReembedDocuments> context)
    {
        var (tenant, target, documents) = context.Message;
        if (library.For(target) is not { } encoder)
        {
            logger.LogWarning("Encoder {Target} cannot be loaded by this worker; {Count} documents of {Tenant} stay without its vectors", target, documents.Count, tenant);
            return;
        }
        var embedded = 0;
        await using var read = sessions.OpenRead(tenant);
        foreach (var document in documents)
        {
            var events = await read.Events.FetchStreamAsync(document.DocumentId, token: context.CancellationToken);
            var (state, _) = DeciderStore.Fold(events, (DocumentState)DocumentState.Initial.Instance, DocumentDecider.Evolve);
            if (state is not DocumentState.Active) continue; // deleted since: nothing to serve
            var (title, chunks) = DocumentChunks.Of(events, document.Version);
            try { embedded += await embedder.EmbedMissingAsync(tenant, encoder, title, chunks, context.CancellationToken); }
            catch (EmbeddingFailed ex)
            {
                logger.LogWarning("Document {DocumentId} v{Version} could not be embedded under {Target}: {Reason}", document.DocumentId, document.Version, target, ex.Message);
            }
        }
        logger.LogInformation("Re-embedded {Chunks} chunks of {Documents} documents of {Tenant} under {Target}", embedded, documents.Count, tenant, target);
    }
}
