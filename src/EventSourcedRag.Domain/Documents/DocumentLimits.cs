namespace EventSourcedRag.Domain.Documents;

/// <summary>
/// Limits on a document's free-form fields (issue 24: there were none, so one caller could store megabytes of tags
/// in every event and read model). Each broken limit is a 400 problem naming the field; the README lists them.
/// </summary>
public static class DocumentLimits
{
    public const int MaxTitleLength = 500;
    public const int MaxTags = 50;
    public const int MaxTagLength = 100;
    public const int MaxMetadataEntries = 50;
    public const int MaxMetadataKeyLength = 100;
    public const int MaxMetadataValueLength = 2_000;

    /// <summary>Every broken limit of a submission, as the rule it violates; null when all hold.</summary>
    public static DomainRuleViolated? Violation(SubmitDocument c)
    {
        if (c.Title.Length > MaxTitleLength)
            return new("field_too_long", $"'title' has {c.Title.Length} characters; at most {MaxTitleLength} are allowed.");
        if (c.Tags.Count > MaxTags)
            return new("too_many_items", $"'tags' has {c.Tags.Count} tags; at most {MaxTags} are allowed.");
        if (c.Tags.FirstOrDefault(t => t.Length > MaxTagLength) is { } tag)
            return new("field_too_long", $"A tag in 'tags' has {tag.Length} characters; at most {MaxTagLength} are allowed.");
        if (c.Metadata.Count > MaxMetadataEntries)
            return new("too_many_items", $"'metadata' has {c.Metadata.Count} entries; at most {MaxMetadataEntries} are allowed.");
        if (c.Metadata.Keys.FirstOrDefault(k => k.Length > MaxMetadataKeyLength) is { } key)
            return new("field_too_long", $"A key in 'metadata' has {key.Length} characters; at most {MaxMetadataKeyLength} are allowed.");
        if (c.Metadata.FirstOrDefault(p => p.Value.Length > MaxMetadataValueLength) is { Key: { } name } entry)
            return new("field_too_long", $"'metadata.{name}' has {entry.Value.Length} characters; at most {MaxMetadataValueLength} are allowed.");
        return null;
    }
}
