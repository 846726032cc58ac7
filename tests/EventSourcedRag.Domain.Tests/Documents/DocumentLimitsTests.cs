using EventSourcedRag.Domain.Documents;

namespace EventSourcedRag.Domain.Tests.Documents;

/// <summary>Issue 24, defect 7: no limits on title, tag length, tag count or metadata size. Each now refuses, naming the field.</summary>
public class DocumentLimitsTests
{
    private static readonly Guid Id = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static DeciderSpecification<DocumentState, object> Spec() =>
        new(DocumentDecider.Decide, DocumentDecider.Evolve, DocumentState.Initial.Instance);

    private static SubmitDocument Submit(string title = "Policy", string[]? tags = null, Dictionary<string, string>? metadata = null) =>
        new(Id, "acme", "policy.md", title, "text/markdown", "h1", 120, tags ?? ["hr"], metadata ?? [], "u:1", Now);

    [Fact]
    public void Given_no_document_When_the_title_is_too_long_Then_it_is_refused_naming_the_title()
    {
        var refused = Spec().Given().When(Submit(title: new string('t', DocumentLimits.MaxTitleLength + 1))).ThenThrows<DomainRuleViolated>();
        refused.Code.ShouldBe("field_too_long");
        refused.Message.ShouldContain("'title'");
    }

    [Fact]
    public void Given_no_document_When_tags_are_too_many_or_too_long_Then_it_is_refused_naming_the_tags()
    {
        Spec().Given().When(Submit(tags: Enumerable.Range(0, DocumentLimits.MaxTags + 1).Select(i => $"t{i}").ToArray()))
            .ThenThrows<DomainRuleViolated>().Message.ShouldContain("'tags'");
        Spec().Given().When(Submit(tags: [new string('x', DocumentLimits.MaxTagLength + 1)]))
            .ThenThrows<DomainRuleViolated>().Message.ShouldContain("'tags'");
    }

    [Fact]
    public void Given_no_document_When_metadata_is_too_large_Then_it_is_refused_naming_the_entry()
    {
        Spec().Given().When(Submit(metadata: Enumerable.Range(0, DocumentLimits.MaxMetadataEntries + 1).ToDictionary(i => $"k{i}", _ => "v")))
            .ThenThrows<DomainRuleViolated>().Message.ShouldContain("'metadata'");
        Spec().Given().When(Submit(metadata: new() { ["owner"] = new string('v', DocumentLimits.MaxMetadataValueLength + 1) }))
            .ThenThrows<DomainRuleViolated>().Message.ShouldContain("'metadata.owner'");
    }

    [Fact]
    public void Given_no_document_When_every_field_is_at_its_limit_Then_it_is_submitted()
    {
        var title = new string('t', DocumentLimits.MaxTitleLength);
        var tags = Enumerable.Range(0, DocumentLimits.MaxTags).Select(i => i.ToString("00") + new string('x', DocumentLimits.MaxTagLength - 2)).ToArray();
        Spec().Given().When(Submit(title, tags))
            .Then(new DocumentSubmitted(Id, "acme", "policy.md", title, "text/markdown", "h1", 120, tags, new Dictionary<string, string>(), "u:1", Now));
    }
}
