using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

public class ChunkCollectionSnapshotTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Guid Id(int kind, int i) => Guid.Parse($"{kind:D8}-0000-0000-0000-{i:D12}");

    private static void Fill(ChunkCollection c, int count, int offset = 0)
    {
        for (var i = offset; i < offset + count; i++)
            c.ReplaceDocument(Id(1, i), [new IndexedChunk(Id(2, i), Id(1, i), 1, 0, $"Title {i % 9}", $"s{i % 3}", [$"t{i % 4}"], Jan.AddDays(i),
                $"topic{i % 13} words on subject{i % 7} and matter{i % 5}, item {i}")], i + 1);
    }

    private static string Answers(ChunkCollection c) => string.Join("\n", Enumerable.Range(0, 12).Select(q =>
    {
        var r = c.Search(new SearchRequest($"topic{q} subject{q % 7}", 8, FusionMethod.Weighted, SearchFilter.None));
        return r.EmbeddingModel + ":" + string.Join(";", r.Hits.Select(h => $"{h.Chunk.ChunkId}:{h.Bm25:R}:{h.Dense:R}:{h.Fused:R}"));
    }));

    private static ChunkCollection RoundTrip(ChunkCollection c, RetrievalSettings settings)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) c.Write(w);
        stream.Position = 0;
        using var r = new BinaryReader(stream);
        return ChunkCollection.Read(r, settings, null);
    }

    [Theory]
    [InlineData(20_000)] // exact vectors
    [InlineData(50)]     // HNSW graph
    public void A_loaded_snapshot_answers_exactly_as_the_collection_that_wrote_it(int exactBelow)
    {
        var settings = RetrievalSettings.Default with { ExactSearchBelow = exactBelow };
        var original = new ChunkCollection(settings);
        Fill(original, 120);
        original.RemoveDocument(Id(1, 7), 500);
        var before = Answers(original); // fits the encoder

        var loaded = RoundTrip(original, settings);
        loaded.Position.ShouldBe(500);
        loaded.Count.ShouldBe(119);
        Answers(loaded).ShouldBe(before);
        System.Text.Json.JsonSerializer.Serialize(loaded.Snapshot()).ShouldBe(System.Text.Json.JsonSerializer.Serialize(original.Snapshot()));

        // Both go on the same way after more changes.
        Fill(original, 10, offset: 200);
        Fill(loaded, 10, offset: 200);
        Answers(loaded).ShouldBe(Answers(original));
    }

    [Fact]
    public void A_snapshot_taken_before_the_encoder_was_fitted_fits_on_load()
    {
        var original = new ChunkCollection(RetrievalSettings.Default);
        Fill(original, 60);
        var loaded = RoundTrip(original, RetrievalSettings.Default);
        Answers(loaded).ShouldBe(Answers(original));
    }
}
