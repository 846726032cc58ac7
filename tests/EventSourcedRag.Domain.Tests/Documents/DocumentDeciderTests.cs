using EventSourcedRag.Domain.Documents;

namespace EventSourcedRag.Domain.Tests.Documents;

public class DocumentDeciderTests
{
    private static readonly Guid Id = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> NoMetadata = [];

    private static DeciderSpecification<DocumentState, object> Spec() =>
        new(DocumentDecider.Decide, DocumentDecider.Evolve, DocumentState.Initial.Instance);

    private static SubmitDocument Submit(string hash = "h1") =>
        new(Id, "acme", "policy.md", "Policy", "text/markdown", hash, 120, ["hr"], NoMetadata, "u:1", Now);

    private static DocumentSubmitted Submitted(string hash = "h1") =>
        new(Id, "acme", "policy.md", "Policy", "text/markdown", hash, 120, ["hr"], NoMetadata, "u:1", Now);

    private static readonly ChunkRecord[] Chunks = [new(Guid.Empty, 0, "Text.", "th", 0, 5, 1)];
    private static DocumentChunked Chunked(int version = 1) => new(Id, version, "markdig-v1", 5, new ChunkingSettings(120, 30), Chunks, Now);

    [Fact]
    public void Given_no_document_When_submitted_Then_DocumentSubmitted() =>
        Spec().Given().When(Submit()).Then(Submitted());

    [Fact]
    public void Given_a_document_When_the_same_bytes_are_submitted_again_Then_nothing_changes() =>
        Spec().Given(Submitted()).When(Submit()).ThenNothing();

    [Fact]
    public void Given_a_document_When_new_bytes_are_submitted_Then_it_is_revised_to_version_2() =>
        Spec().Given(Submitted()).When(Submit("h2"))
            .Then(new DocumentRevised(Id, 2, "policy.md", "Policy", "text/markdown", "h2", 120, ["hr"], NoMetadata, "u:1", Now));

    [Fact]
    public void Given_a_deleted_document_When_submitted_again_Then_it_is_refused() =>
        Spec().Given(Submitted(), new DocumentDeleted(Id, "old", "u:1", Now)).When(Submit("h2"))
            .ThenThrows<DomainRuleViolated>().Code.ShouldBe("document_deleted");

    [Fact]
    public void Given_a_submitted_version_When_chunks_are_recorded_Then_DocumentChunked() =>
        Spec().Given(Submitted()).When(new RecordChunks(Id, 1, "markdig-v1", 5, new ChunkingSettings(120, 30), Chunks, Now)).Then(Chunked());

    [Fact]
    public void Given_chunks_already_recorded_When_a_redelivered_message_records_them_again_Then_nothing_changes() =>
        Spec().Given(Submitted(), Chunked()).When(new RecordChunks(Id, 1, "markdig-v1", 5, new ChunkingSettings(120, 30), Chunks, Now)).ThenNothing();

    [Fact]
    public void Given_a_revision_When_chunks_of_the_old_version_arrive_late_Then_they_are_ignored() =>
        Spec().Given(Submitted(), new DocumentRevised(Id, 2, "policy.md", "Policy", "text/markdown", "h2", 1, [], NoMetadata, "u:1", Now))
            .When(new RecordChunks(Id, 1, "markdig-v1", 5, new ChunkingSettings(120, 30), Chunks, Now)).ThenNothing();

    [Fact]
    public void Given_chunks_When_marked_indexed_Then_DocumentIndexed_counts_the_chunks() =>
        Spec().Given(Submitted(), Chunked()).When(new MarkIndexed(Id, 1, "lsa", Now)).Then(new DocumentIndexed(Id, 1, "lsa", 1, Now));

    [Fact]
    public void Given_no_chunks_yet_When_marked_indexed_Then_nothing_changes() =>
        Spec().Given(Submitted()).When(new MarkIndexed(Id, 1, "lsa", Now)).ThenNothing();

    [Fact]
    public void Given_a_submitted_version_When_extraction_fails_Then_DocumentIngestionFailed() =>
        Spec().Given(Submitted()).When(new RecordIngestionFailure(Id, 1, "corrupt", Now)).Then(new DocumentIngestionFailed(Id, 1, "corrupt", Now));

    [Fact]
    public void Given_a_chunked_version_When_embedding_fails_Then_DocumentIngestionFailed() =>
        Spec().Given(Submitted(), Chunked()).When(new RecordIngestionFailure(Id, 1, "embedding failed", Now)).Then(new DocumentIngestionFailed(Id, 1, "embedding failed", Now));

    [Fact]
    public void Given_an_indexed_version_When_a_late_failure_arrives_Then_nothing_changes() =>
        Spec().Given(Submitted(), Chunked(), new DocumentIndexed(Id, 1, "lsa", 1, Now)).When(new RecordIngestionFailure(Id, 1, "late", Now)).ThenNothing();

    [Fact]
    public void Given_a_document_When_deleted_Then_tombstone_and_a_second_delete_changes_nothing()
    {
        Spec().Given(Submitted()).When(new DeleteDocument(Id, "gdpr", "u:2", Now)).Then(new DocumentDeleted(Id, "gdpr", "u:2", Now));
        Spec().Given(Submitted(), new DocumentDeleted(Id, "gdpr", "u:2", Now)).When(new DeleteDocument(Id, "again", "u:2", Now)).ThenNothing();
    }

    [Fact]
    public void Given_no_document_When_deleted_Then_not_found() =>
        Spec().Given().When(new DeleteDocument(Id, "x", "u:2", Now)).ThenThrows<StreamNotFound>();
}
