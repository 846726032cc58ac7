namespace EventSourcedRag.Infrastructure.Encoders;

/// <summary>
/// Sent to the embedding queue while a tenant switches encoders: "store vectors under <paramref name="Target"/> for
/// these live document versions". Competing consumers share the pages, so more workers re-embed faster.
/// </summary>
public sealed record ReembedDocuments(string Tenant, string Target, IReadOnlyList<DocumentVersionRef> Documents);
