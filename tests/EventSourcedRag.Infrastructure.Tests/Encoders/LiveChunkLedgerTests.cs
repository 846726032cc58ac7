using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Infrastructure.Encoders;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Tests.Encoders;

/// <summary>What an encoder switch must cover: the live chunks as the indexes hold them, and the versions still being embedded.</summary>
public class LiveChunkLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Document = Guid.NewGuid();

    private static DocumentChunked Chunked(int version, string text) =>
        new(Document, version, "md", 10, new ChunkingSettings(120, 30), [new ChunkRecord(Guid.NewGuid(), 0, text, "h", 0, text.Length, 2)], Now);

    private static DocumentRevised Revised(int version, string title) =>
        new(Document, version, "d.md", title, "text/markdown", "c", 10, [], new Dictionary<string, string>(), "u", Now);

    [Fact]
    public void A_version_is_in_flight_from_chunking_until_indexed_or_failed_and_the_live_hashes_keep_the_title_it_was_indexed_with()
    {
        var ledger = new LiveChunkLedger();
        ledger.Apply("t", 1, new DocumentSubmitted(Document, "t", "d.md", "First", "text/markdown", "c", 10, [], new Dictionary<string, string>(), "u", Now));
        ledger.Apply("t", 2, Chunked(1, "one"));
        ledger.InFlight("t").ShouldBe(1);
        ledger.Live("t").ShouldBeEmpty();

        ledger.Apply("t", 3, new DocumentIndexed(Document, 1, "m", 1, Now));
        ledger.InFlight("t").ShouldBe(0);
        ledger.Live("t").Single().Hashes.ShouldBe([EmbeddingInput.Hash("First", "one")]);

        ledger.Apply("t", 4, Revised(2, "Second"));
        ledger.Apply("t", 5, Chunked(2, "two"));
        ledger.InFlight("t").ShouldBe(1);
        ledger.Apply("t", 6, new DocumentIngestionFailed(Document, 2, "bad", Now));
        ledger.InFlight("t").ShouldBe(0);
        var live = ledger.Live("t").Single();
        (live.Document.Version, live.Hashes.Single()).ShouldBe((1, EmbeddingInput.Hash("First", "one")));

        ledger.Apply("t", 7, new DocumentDeleted(Document, "gone", "u", Now));
        ledger.Live("t").ShouldBeEmpty();
        ledger.Position.ShouldBe(7);
        ledger.Live("other").ShouldBeEmpty();
    }
}
