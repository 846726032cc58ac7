using System.Security.Cryptography;
using System.Text;
using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Documents;
using EventSourcedRag.Infrastructure.Ingestion.Extraction;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Retrieval.Chunking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Ingestion;

/// <summary>
/// The worker's first step for one document version: extract text, chunk it and record the chunks.
/// Safe to run twice for the same message: a version already past submission is left alone.
/// </summary>
public sealed class DocumentProcessor(
    EventSessions sessions,
    IOptions<IngestionOptions> ingestion,
    TimeProvider clock,
    ILogger<DocumentProcessor> logger)
{
    public const string Actor = "system:ingestion-worker";

    public async Task ProcessAsync(DocumentAcceptedIntegrationEvent message, string? correlationId, CancellationToken ct)
    {
        var metadata = new EventMetadata(message.Tenant, Actor, correlationId ?? message.CorrelationId ?? Guid.NewGuid().ToString("N"), $"event:{message.EventSequence}");
        StoredUpload? upload;
        await using (var read = sessions.OpenRead(message.Tenant))
        {
            var (state, _) = await DeciderStore.LoadAsync(read, message.DocumentId, (DocumentState)DocumentState.Initial.Instance, DocumentDecider.Evolve, ct);
            if (state is not DocumentState.Active { Stage: IngestionStage.Submitted } active || active.Version != message.Version)
            {
                logger.LogInformation("Document {DocumentId} v{Version} needs no work (state {State})", message.DocumentId, message.Version, state);
                return;
            }
            upload = await read.LoadAsync<StoredUpload>(StoredUpload.IdFor(message.DocumentId, message.Version), ct);
        }

        object command;
        try
        {
            if (upload is null) throw new UnreadableDocument("The uploaded content is missing.");
            var extracted = WithoutNul(TextExtractors.Default.For(upload.MediaType).Extract(upload.Content, ingestion.Value.MaxExtractedChars));
            var chunker = new SentenceChunker(ingestion.Value.ChunkTokens, ingestion.Value.ChunkOverlapTokens);
            var chunks = chunker.Chunk(extracted.Text)
                .Select(c => new ChunkRecord(ChunkId(message.DocumentId, message.Version, c.Ordinal), c.Ordinal, c.Text, TextHash(c.Text), c.Start, c.End, c.TokenCount))
                .ToList();
            command = new RecordChunks(message.DocumentId, message.Version, extracted.Extractor, extracted.Text.Length,
                new ChunkingSettings(chunker.TargetTokens, chunker.OverlapTokens), chunks, clock.GetUtcNow());
        }
        catch (UnreadableDocument ex)
        {
            logger.LogWarning("Document {DocumentId} v{Version} is unreadable: {Reason}", message.DocumentId, message.Version, ex.Message);
            command = new RecordIngestionFailure(message.DocumentId, message.Version, ex.Message, clock.GetUtcNow());
        }

        // Embedding and marking the version indexed are the next stage (Embedding/EmbeddingStage), fed by its own queue.
        await DeciderStore.HandleAsync(
            () => sessions.OpenWrite(metadata), message.DocumentId, (DocumentState)DocumentState.Initial.Instance, DocumentDecider.Evolve,
            state => DocumentDecider.Decide(command, state), ct);
    }

    /// <summary>Chunk ids are derived, so re-chunking the same version gives the same ids.</summary>
    public static Guid ChunkId(Guid documentId, int version, int ordinal)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{documentId:N}/{version}/{ordinal}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static string TextHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// PDF and DOCX text can hold U+0000, which PostgreSQL cannot store (the document would stay submitted for ever):
    /// it is removed, and the extractor's name in <see cref="DocumentChunked"/> notes how many were.
    /// </summary>
    private static ExtractedText WithoutNul(ExtractedText extracted)
    {
        var removed = extracted.Text.Count(ch => ch == '\0');
        return removed == 0 ? extracted : extracted with { Text = extracted.Text.Replace("\0", ""), Title = extracted.Title?.Replace("\0", ""),
            Extractor = $"{extracted.Extractor} ({removed} NUL characters removed)" };
    }
}
