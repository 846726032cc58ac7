using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Ranking;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

public class RerankStageTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // BM25 prefers the short chunk repeating "heat"; only the long one says "heat pump" as a phrase.
    private static ChunkCollection Collection()
    {
        var c = new ChunkCollection(RetrievalSettings.Default);
        string[] texts =
        [
            "pump and heat, heat and more heat",
            "the new heat pump was installed last spring by the facilities team in building two near the loading dock",
            "office plants need water",
            "pump room access needs a badge",
        ];
        for (var i = 0; i < texts.Length; i++)
        {
            var doc = Guid.Parse($"00000000-0000-0000-0000-{i:D12}");
            c.ReplaceDocument(doc, [new IndexedChunk(Guid.Parse($"10000000-0000-0000-0000-{i:D12}"), doc, 1, 0, $"note {i}", "s", [], Jan, texts[i])], i + 1);
        }
        return c;
    }

    private static SearchRequest Ask(RetrieverMode mode, IReranker? reranker = null, int k = 3, bool features = false) =>
        new("heat pump", k, FusionMethod.Weighted, SearchFilter.None, Mode: mode, Reranker: reranker, WithFeatures: features);

    [Fact]
    public void Given_a_reranker_that_values_phrases_when_searching_full_then_the_chunk_with_the_phrase_rises()
    {
        var collection = Collection();
        var hybrid = collection.Search(Ask(RetrieverMode.Hybrid));
        hybrid.Hits[0].Chunk.Text.ShouldStartWith("pump and heat");
        hybrid.Reranker.ShouldBeNull();

        var reranker = new LinearReranker(new Dictionary<string, double> { ["bigrams"] = 1 });
        var full = collection.Search(Ask(RetrieverMode.Full, reranker));
        full.Hits[0].Chunk.Text.ShouldStartWith("the new heat pump");
        full.Hits.Select(h => h.Position).ShouldBe([1, 2, 3]);
        full.Hits[0].FusedRank.ShouldBe(2);
        full.Hits[0].Rerank!.Value.ShouldBe(1.0, 1e-6);
        full.Hits[0].Features.ShouldNotBeNull().Length.ShouldBe(RankingFeatures.Count);
        full.Reranker.ShouldBe(reranker.Version);
    }

    [Fact]
    public void Given_a_reranker_that_cannot_tell_candidates_apart_then_the_first_stage_order_stays()
    {
        var collection = Collection();
        var flat = new LinearReranker(new Dictionary<string, double> { ["title_coverage"] = 1 }); // no title holds a query word: all 0
        var hybrid = collection.Search(Ask(RetrieverMode.Hybrid, k: 4));
        var full = collection.Search(Ask(RetrieverMode.Full, flat, k: 4));
        full.Hits.Select(h => h.Chunk.ChunkId).ShouldBe(hybrid.Hits.Select(h => h.Chunk.ChunkId));
    }

    [Fact]
    public void The_rerank_depth_bounds_what_can_be_promoted_and_top_k_what_is_returned()
    {
        var collection = Collection();
        var reranker = new LinearReranker(new Dictionary<string, double> { ["bigrams"] = 1 });
        var shallow = collection.Search(Ask(RetrieverMode.Full, reranker, k: 1) with { RerankDepth = 1 });
        shallow.Hits.Single().Chunk.Text.ShouldStartWith("pump and heat"); // the better chunk was never a candidate
        collection.Search(Ask(RetrieverMode.Full, reranker, k: 1)).Hits.Single().Chunk.Text.ShouldStartWith("the new heat pump");
    }

    [Fact]
    public void Candidates_below_the_rerank_depth_follow_in_first_stage_order_with_the_rows_they_would_have_had()
    {
        var collection = Collection();
        var reranker = new LinearReranker(new Dictionary<string, double> { ["bigrams"] = 1 });
        var hybrid = collection.Search(Ask(RetrieverMode.Hybrid, k: 4, features: true));
        var full = collection.Search(Ask(RetrieverMode.Full, reranker, k: 4) with { RerankDepth = 2 });
        full.Hits.Select(h => h.FusedRank).ShouldBe([2, 1, 3]); // the plants note matches nothing
        full.Hits.Skip(2).ShouldAllBe(h => h.Rerank == null && h.Features == null);
        foreach (var hit in full.Hits.Take(2))
            hit.Features.ShouldBe(hybrid.Hits.Single(h => h.Chunk.ChunkId == hit.Chunk.ChunkId).Features);
    }

    private sealed class Broken : IReranker
    {
        public string Version => "broken-v1";

        public double[] Score(IReadOnlyList<float[]> rows) => throw new InvalidOperationException("model file unreadable");
    }

    [Fact]
    public void A_reranker_that_fails_leaves_the_first_stage_order_and_says_which_failed_and_why()
    {
        var collection = Collection();
        var hybrid = collection.Search(Ask(RetrieverMode.Hybrid, k: 2));
        var full = collection.Search(Ask(RetrieverMode.Full, new Broken(), k: 2));

        full.Hits.Select(h => (h.Chunk.ChunkId, h.Position, h.Rerank)).ShouldBe(hybrid.Hits.Select(h => (h.Chunk.ChunkId, h.Position, h.Rerank)));
        full.Reranker.ShouldBeNull();
        full.RerankSkipped.ShouldBe(new SkippedRerank("broken-v1", "InvalidOperationException: model file unreadable"));
        hybrid.RerankSkipped.ShouldBeNull();
    }

    [Fact]
    public void Features_can_be_attached_without_reranking_and_full_without_a_reranker_is_refused()
    {
        var collection = Collection();
        collection.Search(Ask(RetrieverMode.Hybrid, features: true)).Hits.ShouldAllBe(h => h.Features != null && h.Rerank == null);
        collection.Search(Ask(RetrieverMode.Hybrid)).Hits.ShouldAllBe(h => h.Features == null);
        Should.Throw<ArgumentException>(() => collection.Search(Ask(RetrieverMode.Full)));
    }
}
