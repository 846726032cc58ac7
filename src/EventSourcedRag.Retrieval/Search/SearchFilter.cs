namespace EventSourcedRag.Retrieval.Search;

/// <summary>Metadata filter evaluated inside retrieval, before any truncation. Empty sets mean "any".</summary>
public sealed record SearchFilter(
    IReadOnlySet<Guid> DocumentIds,
    IReadOnlySet<string> Sources,
    IReadOnlySet<string> Tags,
    DateTimeOffset? SubmittedFrom,
    DateTimeOffset? SubmittedTo)
{
    public static readonly SearchFilter None = new(new HashSet<Guid>(), new HashSet<string>(), new HashSet<string>(), null, null);

    public bool IsEmpty => DocumentIds.Count == 0 && Sources.Count == 0 && Tags.Count == 0 && SubmittedFrom is null && SubmittedTo is null;

    public bool Matches(IndexedChunk chunk) =>
        (DocumentIds.Count == 0 || DocumentIds.Contains(chunk.DocumentId))
        && (Sources.Count == 0 || Sources.Contains(chunk.Source))
        && (Tags.Count == 0 || chunk.Tags.Any(Tags.Contains))
        && (SubmittedFrom is null || chunk.SubmittedAt >= SubmittedFrom)
        && (SubmittedTo is null || chunk.SubmittedAt <= SubmittedTo);
}
