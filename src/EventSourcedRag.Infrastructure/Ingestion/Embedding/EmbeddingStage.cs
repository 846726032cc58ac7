using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Infrastructure.Encoders;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Retrieval.Dense;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// The worker's second step for a document version: embed the chunks that have no stored vector under the tenant's
/// serving encoder, store them, and mark the version indexed with that encoder's version. Hosts then load the
/// vectors; none embeds a chunk again. While the tenant switches encoders the chunks are embedded under the target
/// too, so the switch never waits for documents that arrive during it. With the corpus-fitted LSA encoder there is
/// nothing to store (each host fits its own). Safe to run twice: a version past "chunked" is left alone, and stored
/// vectors are not recomputed.
/// </summary>
public sealed class EmbeddingStage(
    EventSessions sessions,
    ChunkEmbedder embedder,
    TenantEncoders encoders,
    EncoderLibrary library,
    TimeProvider clock,
    ILogger<EmbeddingStage> logger)
{
    public const string Actor = "system:embedding-worker";

    public async Task ProcessAsync(DocumentChunkedIntegrationEvent message, string? correlationId, CancellationToken ct)
    {
        var metadata = new EventMetadata(message.Tenant, Actor, correlationId ?? message.CorrelationId ?? Guid.NewGuid().ToString("N"), $"event:{message.EventSequence}");
        if (await ChunksToEmbedAsync(message, ct) is not { } work) return;

        // Read after the chunks: a switch completed since is seen, so nothing is embedded only under a replaced version.
        var encoder = await encoders.StateAsync(message.Tenant, ct);
        var serving = encoder.ServingOr(encoders.Configured);
        object command = new MarkIndexed(message.DocumentId, message.Version, serving, clock.GetUtcNow());
        EmbeddingFailed? failure = null;
        try
        {
            foreach (var version in new[] { serving, encoder.Target }.OfType<string>().Where(v => !EncoderLibrary.IsLsa(v)).Distinct())
                await embedder.EmbedMissingAsync(message.Tenant, Load(version), work.Title, work.Chunks, ct);
        }
        catch (EmbeddingFailed ex)
        {
            logger.LogWarning("Document {DocumentId} v{Version} could not be embedded: {Reason}", message.DocumentId, message.Version, ex.Message);
            failure = ex;
            command = new RecordIngestionFailure(message.DocumentId, message.Version, ex.Message, clock.GetUtcNow());
        }
        await DeciderStore.HandleAsync(() => sessions.OpenWrite(metadata), message.DocumentId, (DocumentState)DocumentState.Initial.Instance,
            DocumentDecider.Evolve, state => DocumentDecider.Decide(command, state), ct);
        if (failure is not null) throw failure; // recorded: now to the error queue, without retries
    }

    private IEmbedder Load(string version) =>
        library.For(version) ?? throw new EmbeddingFailed($"Encoder {version} cannot be loaded by this worker (Embedding:Model).", new InvalidOperationException(version));

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
        return DocumentChunks.Of(events, message.Version);
    }
}
