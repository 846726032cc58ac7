namespace EventSourcedRag.Domain.Documents;

// Commands on the document stream. Time comes in on the command, never from a clock inside the decider.

public sealed record SubmitDocument(
    Guid DocumentId,
    string Tenant,
    string Source,
    string Title,
    string MediaType,
    string ContentHash,
    long SizeBytes,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Metadata,
    string Actor,
    DateTimeOffset Now);
