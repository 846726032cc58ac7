using System.Security.Cryptography;
using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Ingestion;
using EventSourcedRag.Infrastructure.Ingestion.Extraction;
using EventSourcedRag.Infrastructure.Platform.EventStore;
using EventSourcedRag.Projections.Documents;
using JasperFx;
using Marten;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Documents;

/// <summary>
/// The command side of documents: accepts uploads (bytes and event in one transaction), detects duplicates,
/// revises and deletes. Extraction, chunking and indexing happen later in the worker.
/// </summary>
public sealed class DocumentIntake(EventSessions sessions, IOptions<IngestionOptions> options, TimeProvider clock)
{
    private readonly IngestionOptions _options = options.Value;

    public async Task<SubmissionResult> SubmitAsync(DocumentUpload upload, EventMetadata metadata, CancellationToken ct)
    {
        if (upload.Content.LongLength > _options.MaxUploadBytes) throw UploadRejected.TooLarge(_options.MaxUploadBytes);
        if (upload.Content.Length == 0) throw UploadRejected.Malformed("The upload is empty.");
        var mediaType = MediaTypes.Resolve(upload.FileName, upload.DeclaredMediaType)
            ?? throw UploadRejected.Unsupported($"'{upload.FileName}' is not a supported format; supported: {string.Join(", ", MediaTypes.Supported)}.");
        // Text formats are UTF-8, where a 0 byte can only be U+0000, which PostgreSQL cannot store: say so now, not in the worker.
        if (mediaType is MediaTypes.Text or MediaTypes.Markdown or MediaTypes.Html && upload.Content.AsSpan().Contains((byte)0))
            throw UploadRejected.Malformed("'file' holds NUL characters (U+0000), which cannot be stored; remove them.");
        // Plain text and Markdown expand to at most one character per byte, so a text over the extraction limit is
        // refused now (413) instead of being accepted and failing in the worker (issue 24: a 19 MB text did).
        if (mediaType is MediaTypes.Text or MediaTypes.Markdown && upload.Content.Length > _options.MaxExtractedChars
            && System.Text.Encoding.UTF8.GetCharCount(upload.Content) is var chars && chars > _options.MaxExtractedChars)
            throw new UploadRejected(413, "upload_too_large", $"The text has {chars} characters; the limit is {_options.MaxExtractedChars} (Ingestion:MaxExtractedChars).");
        string? ownTitle;
        try
        {
            ownTitle = TextExtractors.Default.For(mediaType).Inspect(upload.Content)?.Replace("\0", "");
        }
        catch (UnreadableDocument ex)
        {
            throw UploadRejected.Malformed(ex.Message);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(upload.Content));
        await using (var read = sessions.OpenRead(metadata.Tenant))
        {
            if (await read.LoadAsync<ContentHashClaim>(hash, ct) is { } existing)
                return await Duplicate(read, existing, ct);
        }

        var documentId = upload.DocumentId ?? Guid.CreateVersion7();
        // A title the caller gives is held to the limit (400 naming it); one taken from the file is shortened to it.
        var title = !string.IsNullOrWhiteSpace(upload.Title) ? upload.Title.Trim()
            : Shortened(ownTitle ?? Path.GetFileNameWithoutExtension(upload.FileName), DocumentLimits.MaxTitleLength);
        var command = new SubmitDocument(documentId, metadata.Tenant, upload.FileName, title, mediaType, hash, upload.Content.LongLength,
            upload.Tags, upload.Metadata, metadata.Actor, clock.GetUtcNow());
        string? replacedHash = null;
        try
        {
            var events = await DeciderStore.HandleAsync(
                () => sessions.OpenWrite(metadata), documentId, (DocumentState)DocumentState.Initial.Instance, DocumentDecider.Evolve,
                state =>
                {
                    replacedHash = (state as DocumentState.Active)?.ContentHash;
                    return DocumentDecider.Decide(command, state);
                },
                ct,
                (session, events) =>
                {
                    var version = events.OfType<DocumentRevised>().FirstOrDefault()?.Version ?? 1;
                    session.Store(new StoredUpload(StoredUpload.IdFor(documentId, version), documentId, version, upload.FileName, mediaType, upload.Content));
                    session.Insert(new ContentHashClaim(hash, documentId));
                    if (replacedHash is not null) session.Delete<ContentHashClaim>(replacedHash);
                });
            return events.FirstOrDefault() switch
            {
                DocumentSubmitted => new SubmissionResult(documentId, 1, SubmissionOutcome.Accepted),
                DocumentRevised r => new SubmissionResult(documentId, r.Version, SubmissionOutcome.Revised),
                _ => new SubmissionResult(documentId, 0, SubmissionOutcome.Duplicate),
            };
        }
        catch (DocumentAlreadyExistsException)
        {
            // A concurrent upload of the same bytes won the claim.
            await using var read = sessions.OpenRead(metadata.Tenant);
            var winner = await read.LoadAsync<ContentHashClaim>(hash, ct) ?? throw new InvalidOperationException("Claim vanished after a conflict.");
            return await Duplicate(read, winner, ct);
        }
    }

    public async Task DeleteAsync(Guid documentId, string reason, EventMetadata metadata, CancellationToken ct)
    {
        string? hash = null;
        await DeciderStore.HandleAsync(
            () => sessions.OpenWrite(metadata), documentId, (DocumentState)DocumentState.Initial.Instance, DocumentDecider.Evolve,
            state =>
            {
                hash = (state as DocumentState.Active)?.ContentHash;
                return DocumentDecider.Decide(new DeleteDocument(documentId, reason, metadata.Actor, clock.GetUtcNow()), state);
            },
            ct,
            (session, _) => { if (hash is not null) session.Delete<ContentHashClaim>(hash); });
    }

    public async Task<DocumentStatusView?> GetStatusAsync(string tenant, Guid documentId, CancellationToken ct)
    {
        await using var session = sessions.OpenRead(tenant);
        return await session.LoadAsync<DocumentStatusView>(documentId, ct);
    }

    private static string Shortened(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd();

    private static async Task<SubmissionResult> Duplicate(IQuerySession session, ContentHashClaim claim, CancellationToken ct)
    {
        var status = await session.LoadAsync<DocumentStatusView>(claim.DocumentId, ct);
        return new SubmissionResult(claim.DocumentId, status?.DocumentVersion ?? 1, SubmissionOutcome.Duplicate);
    }
}
