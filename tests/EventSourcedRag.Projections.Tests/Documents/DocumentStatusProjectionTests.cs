using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Projections.Documents;

namespace EventSourcedRag.Projections.Tests.Documents;

public class DocumentStatusProjectionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> NoMetadata = [];

    private static DocumentSubmitted Submitted(Guid id) =>
        new(id, "acme", "a.pdf", "Travel", "application/pdf", "h1", 2048, ["finance"], NoMetadata, "u:1", T0);

    private static DocumentChunked Chunked(Guid id, int version, int chunks) =>
        new(id, version, "pdfpig-v1", 900, new ChunkingSettings(120, 30),
            Enumerable.Range(0, chunks).Select(i => new ChunkRecord(Guid.NewGuid(), i, "text", "th", i * 10, i * 10 + 9, 2)).ToList(), T0.AddSeconds(1));

    private async Task<DocumentStatusView?> Append(Guid id, params object[] events)
    {
        await using (var session = fixture.Store.LightweightSession("acme"))
        {
            session.Events.Append(id, events);
            await session.SaveChangesAsync();
        }
        await using var read = fixture.Store.QuerySession("acme");
        return await read.LoadAsync<DocumentStatusView>(id);
    }

    [Fact]
    public async Task Follows_a_document_from_submission_to_indexed()
    {
        var id = Guid.NewGuid();
        var view = await Append(id, Submitted(id));
        view!.Status.ShouldBe("submitted");
        view.Title.ShouldBe("Travel");
        view.Tags.ShouldBe(["finance"]);

        view = await Append(id, Chunked(id, 1, 3), new DocumentIndexed(id, 1, "lsa", 3, T0.AddSeconds(2)));
        view!.Status.ShouldBe("indexed");
        view.ChunkCount.ShouldBe(3);
        view.EmbeddingModel.ShouldBe("lsa");
        view.DocumentVersion.ShouldBe(1);
        view.UpdatedAt.ShouldBe(T0.AddSeconds(2));
    }

    [Fact]
    public async Task A_revision_resets_the_status_and_late_events_of_the_old_version_are_ignored()
    {
        var id = Guid.NewGuid();
        await Append(id, Submitted(id), Chunked(id, 1, 2), new DocumentIndexed(id, 1, "lsa", 2, T0));
        var view = await Append(id, new DocumentRevised(id, 2, "a.pdf", "Travel v2", "application/pdf", "h2", 4096, [], NoMetadata, "u:1", T0.AddHours(1)));
        view!.Status.ShouldBe("submitted");
        view.DocumentVersion.ShouldBe(2);
        view.Title.ShouldBe("Travel v2");

        view = await Append(id, new DocumentIngestionFailed(id, 1, "late failure of v1", T0.AddHours(2)));
        view!.Status.ShouldBe("submitted");
        view.Error.ShouldBeNull();

        view = await Append(id, new DocumentIngestionFailed(id, 2, "corrupt", T0.AddHours(3)));
        view!.Status.ShouldBe("failed");
        view.Error.ShouldBe("corrupt");
    }

    [Fact]
    public async Task Deletion_marks_the_row_deleted_and_other_tenants_see_nothing()
    {
        var id = Guid.NewGuid();
        var view = await Append(id, Submitted(id), new DocumentDeleted(id, "gdpr", "u:2", T0.AddDays(1)));
        view!.Status.ShouldBe(DocumentStatusView.Deleted);

        await using var other = fixture.Store.QuerySession("other-tenant");
        (await other.LoadAsync<DocumentStatusView>(id)).ShouldBeNull();
    }
}
