namespace EventSourcedRag.Infrastructure.Documents;

/// <summary>The raw bytes of a submitted document version, stored in the same transaction as its event.</summary>
/// <param name="Id">"{documentId:N}-{version}".</param>
public sealed record StoredUpload(string Id, Guid DocumentId, int Version, string FileName, string MediaType, byte[] Content)
{
    public static string IdFor(Guid documentId, int version) => $"{documentId:N}-{version}";
}
