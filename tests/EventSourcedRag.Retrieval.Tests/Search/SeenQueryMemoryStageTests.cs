using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

public class SeenQueryMemoryStageTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (ChunkCollection Collection, IndexedChunk Refunds, Guid RefundsDocument) Corpus()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        for (var i = 0; i < 30; i++)
        {
            var doc = Guid.NewGuid();
            var topic = i % 10 == 0 ? "cancellation" : "delivery";
            collection.ReplaceDocument(doc, [new IndexedChunk(Guid.CreateVersion7(), doc, 1, 0, $"{topic} note {i}", "a.md", [], Jan,
                $"A {topic} of an order, note {i}: what happens before it ships.")], i + 1);
        }
        var refundsDocument = Guid.NewGuid();
        var refunds = new IndexedChunk(Guid.CreateVersion7(), refundsDocument, 1, 0, "Refunds", "policy.md", ["billing"], Jan,
            "Money is returned to the card within five working days.");
        collection.ReplaceDocument(refundsDocument, [refunds], 31);
        return (collection, refunds, refundsDocument);
    }

    private static SearchRequest Request(FusionMethod fusion, RetrieverMode mode, params RememberedChunk[] remembered) =>
        new("cancellation of my order", 5, fusion, SearchFilter.None, Mode: mode, Remembered: remembered, MemoryWeight: 1.0);

    [Theory]
    [InlineData(FusionMethod.Weighted)]
    [InlineData(FusionMethod.Rrf)]
    public void A_chunk_earlier_askers_chose_joins_the_candidates_though_no_retriever_found_it(FusionMethod fusion)
    {
        var (collection, refunds, _) = Corpus();

        collection.Search(Request(fusion, RetrieverMode.Hybrid)).Hits.ShouldNotContain(h => h.Chunk.ChunkId == refunds.ChunkId);
        var hits = collection.Search(Request(fusion, RetrieverMode.Hybrid, new RememberedChunk(refunds.ChunkId, 0.9))).Hits;

        var hit = hits.Single(h => h.Chunk.ChunkId == refunds.ChunkId);
        hit.Remembered.ShouldBe(0.9);
        hit.Bm25.ShouldBeNull();
        hits.Where(h => h.Chunk.ChunkId != refunds.ChunkId).ShouldAllBe(h => h.Remembered == null);
    }

    [Fact]
    public void A_stronger_memory_ranks_higher_and_adds_to_what_the_retrievers_found()
    {
        var (collection, _, _) = Corpus();
        var found = collection.Search(Request(FusionMethod.Weighted, RetrieverMode.Hybrid)).Hits;
        var last = found[^1];

        var boosted = collection.Search(Request(FusionMethod.Weighted, RetrieverMode.Hybrid, new RememberedChunk(last.Chunk.ChunkId, 1.0))).Hits;

        var hit = boosted.Single(h => h.Chunk.ChunkId == last.Chunk.ChunkId);
        hit.Position.ShouldBeLessThan(last.Position);
        hit.Fused.ShouldBe(last.Fused + 1.0, 1e-9);
    }

    [Theory]
    [InlineData(RetrieverMode.Bm25)]
    [InlineData(RetrieverMode.Dense)]
    public void A_client_that_names_one_retriever_gets_that_retriever_alone(RetrieverMode mode)
    {
        var (collection, refunds, _) = Corpus();

        collection.Search(Request(FusionMethod.Rrf, mode, new RememberedChunk(refunds.ChunkId, 1.0))).Hits
            .ShouldNotContain(h => h.Chunk.ChunkId == refunds.ChunkId);
    }

    [Fact]
    public void Memory_respects_the_filter_and_forgets_removed_documents()
    {
        var (collection, refunds, refundsDocument) = Corpus();
        var memory = new RememberedChunk(refunds.ChunkId, 1.0);

        var filtered = Request(FusionMethod.Rrf, RetrieverMode.Hybrid, memory) with
        {
            Filter = new SearchFilter(new HashSet<Guid>(), new HashSet<string>(["a.md"]), new HashSet<string>(), null, null),
        };
        collection.Search(filtered).Hits.ShouldNotContain(h => h.Chunk.ChunkId == refunds.ChunkId);

        collection.RemoveDocument(refundsDocument, 40);
        collection.Search(Request(FusionMethod.Rrf, RetrieverMode.Hybrid, memory)).Hits.ShouldNotContain(h => h.Chunk.ChunkId == refunds.ChunkId);
    }
}
