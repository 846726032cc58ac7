using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;

namespace EventSourcedRag.Retrieval.Tests.Search;

public class QueryAdapterStageTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Topics = ["vacation leave", "expense receipts", "laptop repair", "badge access", "fire drill", "parking garage"];

    // Sends every query to one place in the space, whatever it asked: the dense stage then ranks that chunk first.
    private sealed class Steer(string encoder, float[] target) : IQueryAdapter
    {
        public string Version => "steer-v1";
        public string EncoderVersion => encoder;
        public float[] Adapt(float[] query) => target;
    }

    private static (ChunkCollection Collection, List<IndexedChunk> Chunks) Corpus()
    {
        var collection = new ChunkCollection(RetrievalSettings.Default);
        var chunks = new List<IndexedChunk>();
        for (var i = 0; i < 48; i++)
        {
            var doc = Guid.NewGuid();
            var topic = Topics[i % Topics.Length];
            var chunk = new IndexedChunk(Guid.CreateVersion7(), doc, 1, 0, $"{topic} {i}", "a.md", [], Jan, $"How the {topic} process works, note {i}: ask the {topic.Split(' ')[0]} desk.");
            collection.ReplaceDocument(doc, [chunk], i + 1);
            chunks.Add(chunk);
        }
        return (collection, chunks);
    }

    private static SearchRequest Dense(string text, IQueryAdapter? adapter = null) =>
        new(text, 5, FusionMethod.Weighted, SearchFilter.None, Mode: RetrieverMode.Dense, QueryAdapter: adapter);

    [Fact]
    public void An_adapter_for_the_serving_encoder_changes_what_the_dense_stage_finds_and_is_named_in_the_result()
    {
        var (collection, chunks) = Corpus();
        var plain = collection.Search(Dense("parking garage rules"));
        plain.Hits[0].Chunk.Title.ShouldStartWith("parking garage");
        var target = chunks.First(c => c.Title.StartsWith("fire drill", StringComparison.Ordinal));
        var space = collection.Embed([], [target.ChunkId])!;

        var steered = collection.Search(Dense("parking garage rules", new Steer(space.EncoderVersion, space.Chunks[target.ChunkId])));

        steered.Hits[0].Chunk.ChunkId.ShouldBe(target.ChunkId);
        steered.Hits[0].Dense!.Value.ShouldBe(1, tolerance: 1e-4);
        steered.QueryAdapter.ShouldBe("steer-v1");
        plain.QueryAdapter.ShouldBeNull();
    }

    [Fact]
    public void An_adapter_trained_in_another_encoders_space_is_not_applied()
    {
        var (collection, chunks) = Corpus();
        var space = collection.Embed([], [chunks[0].ChunkId])!;

        var result = collection.Search(Dense("parking garage rules", new Steer("lsa-some-older-fit", space.Chunks[chunks[0].ChunkId])));

        result.QueryAdapter.ShouldBeNull();
        result.Hits.Select(h => h.Chunk.ChunkId).ShouldBe(collection.Search(Dense("parking garage rules")).Hits.Select(h => h.Chunk.ChunkId));
    }

    // A user's push towards one place in the space, added to what they asked.
    private sealed class Push(string encoder, float[] offset) : IQuerySteering
    {
        public string Version => "steering-v1";
        public string EncoderVersion => encoder;
        public float[] Steer(float[] query) => [.. query.Zip(offset, (q, o) => q + o)];
    }

    [Fact]
    public void Personal_steering_for_the_serving_encoder_acts_before_the_adapter_and_is_named_in_the_result()
    {
        var (collection, chunks) = Corpus();
        var target = chunks.First(c => c.Title.StartsWith("fire drill", StringComparison.Ordinal));
        var space = collection.Embed([], [target.ChunkId])!;
        var push = space.Chunks[target.ChunkId].Select(x => x * 10).ToArray();

        var steered = collection.Search(Dense("parking garage rules") with { Steering = new Push(space.EncoderVersion, push) });
        var elsewhere = collection.Search(Dense("parking garage rules") with { Steering = new Push("lsa-some-older-fit", push) });

        steered.Hits[0].Chunk.Title.ShouldStartWith("fire drill");
        steered.Steering.ShouldBe("steering-v1");
        elsewhere.Steering.ShouldBeNull();
        elsewhere.Hits[0].Chunk.Title.ShouldStartWith("parking garage");
    }

    [Fact]
    public void Embedded_queries_are_the_vectors_the_dense_stage_searches_with()
    {
        var (collection, _) = Corpus();
        var hits = collection.Search(Dense("expense receipts")).Hits;

        var space = collection.Embed(["expense receipts", "the of and"], hits.Select(h => h.Chunk.ChunkId).Append(Guid.NewGuid()))!;

        space.Queries[1].ShouldBeNull(); // only stop words: nothing to embed
        space.Chunks.Count.ShouldBe(hits.Count); // an unknown chunk has no vector
        foreach (var hit in hits)
            space.Queries[0]!.Zip(space.Chunks[hit.Chunk.ChunkId], (a, b) => (double)a * b).Sum().ShouldBe(hit.Dense!.Value, tolerance: 1e-4);
    }
}
