using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

public class ChunkCollectionTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IndexedChunk Chunk(Guid doc, int ordinal, string text, string source = "a.md", string[]? tags = null, DateTimeOffset? at = null) =>
        new(Guid.CreateVersion7(), doc, 1, ordinal, "Title " + source, source, tags ?? [], at ?? Jan, text);

    private static SearchRequest Ask(string text, int k = 3, SearchFilter? filter = null, RetrieverMode mode = RetrieverMode.Hybrid) =>
        new(text, k, FusionMethod.Rrf, filter ?? SearchFilter.None, Mode: mode);

    [Fact]
    public void Finds_chunks_lexically_and_densely_and_reports_each_stage()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        var doc = Guid.NewGuid();
        collection.ReplaceDocument(doc, [Chunk(doc, 0, "Paid vacation days per year."), Chunk(doc, 1, "The VPN client needs MFA.")], 5);
        var result = collection.Search(Ask("vacation"));
        result.Hits[0].Chunk.Text.ShouldBe("Paid vacation days per year.");
        result.Hits[0].Bm25Rank.ShouldBe(1);
        result.Hits[0].Position.ShouldBe(1);
        result.IndexPosition.ShouldBe(5);
        result.EmbeddingModel.ShouldBe("none"); // two chunks are too few for a latent space
    }

    [Fact]
    public void Dense_retrieval_starts_once_the_corpus_is_big_enough()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        for (var i = 0; i < RetrievalSettings.Default.Lsa.MinDocuments; i++)
        {
            var doc = Guid.NewGuid();
            collection.ReplaceDocument(doc, [Chunk(doc, 0, $"topic{i % 5} text number {i}")], i + 1);
        }
        var result = collection.Search(Ask("topic3 text"));
        result.EmbeddingModel.ShouldStartWith("lsa-");
        result.Hits.ShouldContain(h => h.DenseRank != null);
    }

    [Fact]
    public void A_collection_beyond_the_fit_sample_embeds_every_chunk_and_fits_the_same_encoder_whatever_the_arrival_order()
    {
        var settings = RetrievalSettings.Default with { Lsa = RetrievalSettings.Default.Lsa with { Dimensions = 8, MaxFitDocuments = 40 } };
        var docs = Enumerable.Range(0, 120).Select(i =>
        {
            var doc = Guid.NewGuid();
            return (doc, Chunk: new IndexedChunk(Guid.CreateVersion7(), doc, 1, 0, "T", "a.md", [], Jan, $"topic{i % 6} shared words item{i} extra{i % 11}"));
        }).ToList();
        var forward = new ChunkCollection(settings);
        var backward = new ChunkCollection(settings);
        foreach (var (doc, chunk) in docs) forward.ReplaceDocument(doc, [chunk], 1);
        foreach (var (doc, chunk) in Enumerable.Reverse(docs)) backward.ReplaceDocument(doc, [chunk], 1);
        // Fitted at the same point of their histories: on the same live chunks, whatever order they came in.
        forward.FitNow();
        backward.FitNow();

        var a = forward.Search(Ask("topic4 item100", k: 5, mode: RetrieverMode.Dense));
        var b = backward.Search(Ask("topic4 item100", k: 5, mode: RetrieverMode.Dense));
        a.EmbeddingModel.ShouldStartWith("lsa-");
        a.EmbeddingModel.ShouldBe(b.EmbeddingModel);
        // The same scores (ties may fall to either chunk: slots follow arrival order).
        a.Hits.Select(h => h.Dense).ShouldBe(b.Hits.Select(h => h.Dense));
        // Chunks outside the sample are embedded too: the one the query names is found by its topic.
        a.Hits.ShouldAllBe(h => h.Chunk.Text.StartsWith("topic4"));
        forward.Embed([], docs.Select(d => d.Chunk.ChunkId))!.Chunks.Count.ShouldBe(120);
    }

    [Fact]
    public void A_title_match_lifts_a_document_above_an_equal_body_match()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        collection.ReplaceDocument(a, [new IndexedChunk(Guid.NewGuid(), a, 1, 0, "Notes", "a.md", [], Jan, "parking rules and more text")], 1);
        collection.ReplaceDocument(b, [new IndexedChunk(Guid.NewGuid(), b, 1, 0, "Parking", "b.md", [], Jan, "parking rules and more text")], 2);
        var hits = collection.Search(Ask("parking", k: 2, mode: RetrieverMode.Bm25)).Hits;
        hits[0].Chunk.DocumentId.ShouldBe(b);

        var flat = new ChunkCollection(RetrievalSettings.Default with { TitleBoost = 0 });
        flat.ReplaceDocument(a, [new IndexedChunk(Guid.NewGuid(), a, 1, 0, "Notes", "a.md", [], Jan, "parking rules and more text")], 1);
        flat.ReplaceDocument(b, [new IndexedChunk(Guid.NewGuid(), b, 1, 0, "Parking", "b.md", [], Jan, "parking rules and more text")], 2);
        var flatHits = flat.Search(Ask("parking", k: 2, mode: RetrieverMode.Bm25)).Hits;
        (hits[0].Bm25!.Value - hits[1].Bm25!.Value).ShouldBeGreaterThan(flatHits[0].Bm25!.Value - flatHits[1].Bm25!.Value);
    }

    [Fact]
    public void A_new_version_replaces_the_old_and_deletion_removes_the_document()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        var doc = Guid.NewGuid();
        collection.ReplaceDocument(doc, [Chunk(doc, 0, "old parking rules")], 1);
        collection.ReplaceDocument(doc, [Chunk(doc, 0, "new bicycle rules")], 2);
        collection.Search(Ask("parking")).Hits.ShouldBeEmpty();
        collection.Search(Ask("bicycle")).Hits.Count.ShouldBe(1);
        collection.RemoveDocument(doc, 3);
        collection.Search(Ask("bicycle")).Hits.ShouldBeEmpty();
        collection.Count.ShouldBe(0);
    }

    [Fact]
    public void Filters_apply_inside_retrieval_even_when_the_match_ranks_low()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        for (var i = 0; i < 30; i++)
        {
            var doc = Guid.NewGuid();
            var strong = string.Join(" ", Enumerable.Repeat("expense", 10 - i % 10));
            collection.ReplaceDocument(doc, [Chunk(doc, 0, $"{strong} claim number {i}", source: $"doc{i}.md", tags: i == 29 ? ["finance"] : [], at: Jan.AddDays(i))], i + 1);
        }
        var byTag = collection.Search(Ask("expense", k: 1, new SearchFilter(new HashSet<Guid>(), new HashSet<string>(), new HashSet<string> { "finance" }, null, null)));
        byTag.Hits.Single().Chunk.Source.ShouldBe("doc29.md");

        var byDate = collection.Search(Ask("expense", k: 50, new SearchFilter(new HashSet<Guid>(), new HashSet<string>(), new HashSet<string>(), Jan.AddDays(25), Jan.AddDays(27))));
        byDate.Hits.Select(h => h.Chunk.Source).ShouldBe(["doc25.md", "doc26.md", "doc27.md"], ignoreOrder: true);

        var bySource = collection.Search(Ask("expense", k: 5, new SearchFilter(new HashSet<Guid>(), new HashSet<string> { "doc3.md" }, new HashSet<string>(), null, null)));
        bySource.Hits.Single().Chunk.Source.ShouldBe("doc3.md");
    }

    [Fact]
    public void A_large_collection_searches_a_graph_and_finds_what_exact_search_finds()
    {
        ChunkCollection Build(int exactBelow)
        {
            var c = new ChunkCollection(RetrievalSettings.Default with { ExactSearchBelow = exactBelow });
            for (var i = 0; i < 300; i++)
            {
                var doc = Guid.Parse($"00000000-0000-0000-0000-{i:D12}");
                c.ReplaceDocument(doc, [new IndexedChunk(Guid.Parse($"20000000-0000-0000-0000-{i:D12}"), doc, 1, 0, $"T{i}", "s", [], Jan,
                    $"topic{i % 17} text about subject{i % 11} and area{i % 5} number {i}")], i + 1);
            }
            return c;
        }
        var graph = Build(exactBelow: 100);
        var exact = Build(exactBelow: int.MaxValue);
        // Many of these synthetic chunks tie exactly, so compare similarities, not ids: the graph's k-th best must
        // be as good as the exact k-th best, up to the quantisation error.
        foreach (var q in Enumerable.Range(0, 20).Select(i => $"topic{i % 17} subject{i % 11}"))
        {
            var truth = exact.Search(Ask(q, k: 10, mode: RetrieverMode.Dense)).Hits.Select(h => h.Dense!.Value).ToList();
            var approx = graph.Search(Ask(q, k: 10, mode: RetrieverMode.Dense)).Hits.Select(h => h.Dense!.Value).ToList();
            approx.Count.ShouldBe(truth.Count);
            approx[^1].ShouldBeGreaterThanOrEqualTo(truth[^1] - 0.02);
        }
    }

    [Fact]
    public void Two_collections_fed_the_same_changes_answer_identically()
    {
        ChunkCollection Build()
        {
            var c = new ChunkCollection(RetrievalSettings.Default);
            var docs = Enumerable.Range(0, 40).Select(i => Guid.Parse($"00000000-0000-0000-0000-{i:D12}")).ToArray();
            for (var i = 0; i < docs.Length; i++)
                c.ReplaceDocument(docs[i], [new IndexedChunk(Guid.Parse($"10000000-0000-0000-0000-{i:D12}"), docs[i], 1, 0, $"T{i}", "s", [], Jan, $"topic{i % 4} words about item {i} and topic{(i + 1) % 4}")], i + 1);
            c.RemoveDocument(docs[3], 41);
            return c;
        }
        var a = Build().Search(Ask("topic1 item", k: 8));
        var b = Build().Search(Ask("topic1 item", k: 8));
        a.Hits.Select(h => (h.Chunk.ChunkId, h.Fused, h.Dense)).ShouldBe(b.Hits.Select(h => (h.Chunk.ChunkId, h.Fused, h.Dense)));
        a.EmbeddingModel.ShouldStartWith("lsa-");
        a.EmbeddingModel.ShouldBe(b.EmbeddingModel);
        a.Hits.ShouldContain(h => h.Dense != null);
    }
}
