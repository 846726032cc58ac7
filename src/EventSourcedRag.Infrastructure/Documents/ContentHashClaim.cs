namespace EventSourcedRag.Infrastructure.Documents;

/// <summary>
/// One row per live content hash in a tenant. Inserted in the submitting transaction, so two concurrent uploads
/// of the same bytes cannot both create a document: the second insert fails and is answered as a duplicate.
/// </summary>
public sealed record ContentHashClaim(string Id, Guid DocumentId);
