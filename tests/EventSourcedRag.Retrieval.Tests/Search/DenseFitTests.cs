using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

/// <summary>The LSA encoder's fit points, fold-in between them, background fits and the replays that rebuild what served.</summary>
public class DenseFitTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RetrievalSettings Small = RetrievalSettings.Default with
    {
        Lsa = RetrievalSettings.Default.Lsa with { Dimensions = 8, MinDocuments = 8, BackgroundFitFrom = 1_000_000 },
    };

    private static (Guid Document, IndexedChunk Chunk) Doc(int i)
    {
        var doc = Guid.CreateVersion7();
        return (doc, new IndexedChunk(Guid.CreateVersion7(), doc, 1, 0, $"Doc {i}", "s.md", [], Jan, $"topic{i % 5} common words item{i} extra{i % 7}"));
    }

    private static SearchRequest Dense(string text) => new(text, 5, FusionMethod.Rrf, SearchFilter.None, Mode: RetrieverMode.Dense);

    // Sequence numbers as an event log would give them: one per change.
    private static void Apply(ChunkCollection collection, IReadOnlyList<(Guid Document, IndexedChunk Chunk)> docs, int from, int to)
    {
        for (var i = from; i < to; i++) collection.ReplaceDocument(docs[i].Document, [docs[i].Chunk], i + 1);
    }

    [Fact]
    public void Given_a_fitted_collection_When_a_few_chunks_arrive_Then_they_are_embedded_with_the_same_encoder_and_found()
    {
        var docs = Enumerable.Range(0, 60).Select(Doc).ToList();
        var collection = new ChunkCollection(Small);
        Apply(collection, docs, 0, 40);
        var before = collection.Search(Dense("topic2"));
        var fit = collection.DenseFitPosition;
        fit.ShouldNotBeNull();

        Apply(collection, docs, 40, 45); // fewer changes than a fit point needs
        var after = collection.Search(Dense("topic3 extra1")); // item43 is no term the encoder knows; its topic is

        collection.DenseFitPosition.ShouldBe(fit);
        after.EmbeddingModel.ShouldBe(before.EmbeddingModel);
        after.DenseFitPosition.ShouldBe(fit);
        after.Hits.Select(h => h.Chunk.ChunkId).ShouldContain(docs[43].Chunk.ChunkId);
    }

    [Fact]
    public void Given_enough_change_Then_a_new_fit_point_is_declared_at_the_change_that_reached_it()
    {
        var docs = Enumerable.Range(0, 60).Select(Doc).ToList();
        var collection = new ChunkCollection(Small);
        Apply(collection, docs, 0, 8);
        collection.PendingFitPosition.ShouldBe(8); // the minimum reached at the 8th change: noted
        collection.DenseFitPosition.ShouldBeNull();
        collection.Search(Dense("topic1")).DenseFitPosition.ShouldBe(8); // and fitted when a query needs it
        Apply(collection, docs, 8, 60);
        // 8 → 16 (8 changes, the floor) → 24 → 32 → 40 → 50 (a quarter of 40) → 63 would be next.
        collection.Search(Dense("topic1")).DenseFitPosition.ShouldBe(50);
        collection.PendingFitPosition.ShouldBeNull();
    }

    [Fact]
    public void A_replay_pinned_at_the_fit_point_a_response_recorded_answers_exactly_as_the_live_collection()
    {
        var docs = Enumerable.Range(0, 70).Select(Doc).ToList();
        var live = new ChunkCollection(Small);
        Apply(live, docs, 0, 57);
        live.RemoveDocument(docs[3].Document, 58);
        var served = live.Search(Dense("topic1 item21"));

        var replay = new ChunkCollection(Small);
        replay.PinFit(served.DenseFitPosition!.Value);
        Apply(replay, docs, 0, 57);
        replay.RemoveDocument(docs[3].Document, 58);
        var replayed = replay.Search(Dense("topic1 item21"));

        replayed.EmbeddingModel.ShouldBe(served.EmbeddingModel);
        replayed.Hits.Select(h => (h.Chunk.ChunkId, h.Dense)).ShouldBe(served.Hits.Select(h => (h.Chunk.ChunkId, h.Dense)));
    }

    [Fact]
    public async Task A_background_fit_serves_lexical_only_until_the_first_encoder_exists_then_equals_its_replay()
    {
        var background = Small with { Lsa = Small.Lsa with { BackgroundFitFrom = 8 } };
        var docs = Enumerable.Range(0, 40).Select(Doc).ToList();
        var live = new ChunkCollection(background);
        Apply(live, docs, 0, 10);

        var warming = live.Search(Dense("topic1"));
        warming.DenseWarmingAt.ShouldBe(8);
        warming.Hits.ShouldBeEmpty();

        // Changes while the fit is computed are folded into it before it is swapped in.
        Apply(live, docs, 10, 14);
        live.RemoveDocument(docs[2].Document, 15);
        await live.DenseSettled;
        live.DenseFitPosition.ShouldBe(8);
        var served = live.Search(Dense("topic3 item13"));
        served.DenseWarmingAt.ShouldBeNull();

        var replay = new ChunkCollection(background);
        replay.PinFit(8);
        Apply(replay, docs, 0, 14);
        replay.RemoveDocument(docs[2].Document, 15);
        replay.Search(Dense("topic3 item13")).Hits.Select(h => (h.Chunk.ChunkId, h.Dense))
            .ShouldBe(served.Hits.Select(h => (h.Chunk.ChunkId, h.Dense)));
    }

    [Fact]
    public async Task Given_a_backlog_being_applied_When_a_fit_point_is_passed_Then_the_fit_waits_for_the_backlog_to_end()
    {
        var background = Small with { Lsa = Small.Lsa with { BackgroundFitFrom = 8 } };
        var docs = Enumerable.Range(0, 12).Select(Doc).ToList();
        var live = new ChunkCollection(background) { ApplyingBacklog = true };
        Apply(live, docs, 0, 10);
        live.PendingFitPosition.ShouldBe(8);

        // Well past the one-second pause that would otherwise start it.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        live.DenseSettled.IsCompleted.ShouldBeFalse("the fit must not compete with the backlog");
        live.DenseFitPosition.ShouldBeNull();

        live.ApplyingBacklog = false;
        await live.DenseSettled.WaitAsync(TimeSpan.FromSeconds(30));
        live.DenseFitPosition.ShouldBe(8);
    }

    [Fact]
    public void A_replay_as_of_a_point_computes_only_the_last_fit_point_and_matches_a_server_that_computed_every_one()
    {
        var docs = Enumerable.Range(0, 60).Select(Doc).ToList();
        var server = new ChunkCollection(Small);
        Apply(server, docs, 0, 60);
        server.Search(Dense("topic4"));

        var replay = new ChunkCollection(Small);
        replay.DeferFits();
        Apply(replay, docs, 0, 60);
        replay.Search(Dense("topic4")).Hits.ShouldBeEmpty(); // nothing computed yet
        replay.CompleteDeferredFit();

        replay.DenseFitPosition.ShouldBe(server.DenseFitPosition);
        replay.Search(Dense("topic4 item44")).Hits.Select(h => (h.Chunk.ChunkId, h.Dense))
            .ShouldBe(server.Search(Dense("topic4 item44")).Hits.Select(h => (h.Chunk.ChunkId, h.Dense)));
    }
}
