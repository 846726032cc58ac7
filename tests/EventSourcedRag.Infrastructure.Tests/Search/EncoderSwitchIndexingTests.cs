using EventSourcedRag.Domain.Documents;
using EventSourcedRag.Domain.Encoders;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Retrieval.Fusion;
using EventSourcedRag.Retrieval.Search;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Tests.Search;

/// <summary>A host reaching an EncoderSwitched rebuilds that tenant's index from the vectors stored under the new encoder, at that point in the log.</summary>
public class EncoderSwitchIndexingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Embeds queries only: "north" lands on a different axis under each encoder.</summary>
    private sealed class AxisEncoder(string name, float[] north) : IEmbedder
    {
        public string Version => $"{name}@sha256:00/mean/64";
        public int Dimensions => 2;
        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts) => throw new InvalidOperationException("a host embedded a document");
        public float[] EmbedQuery(string text) => text.Contains("north") ? north : [north[1], north[0]];
    }

    private sealed class VersionedVectors(Dictionary<(string Version, string Hash), float[]> stored) : IChunkVectorSource
    {
        public Task<IReadOnlyDictionary<string, float[]>> LoadAsync(string tenant, string version, IReadOnlyCollection<string> hashes, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, float[]>>(hashes.Where(h => stored.ContainsKey((version, h))).ToDictionary(h => h, h => stored[(version, h)]));
    }

    private static readonly AxisEncoder Old = new("old", [1, 0]);
    private static readonly AxisEncoder New = new("new", [0, 1]);

    private static ChunkRecord Chunk(string text) => new(Guid.NewGuid(), 0, text, "h", 0, text.Length, 2);

    private static void Index(DocumentIndexProjector projector, string tenant, long sequence, Guid document, ChunkRecord chunk)
    {
        projector.Apply(tenant, sequence, new DocumentSubmitted(document, tenant, "d.md", "Doc", "text/markdown", "c", 10, [], new Dictionary<string, string>(), "u", Now));
        projector.Apply(tenant, sequence + 1, new DocumentChunked(document, 1, "md", 10, new ChunkingSettings(120, 30), [chunk], Now));
        projector.Apply(tenant, sequence + 2, new DocumentIndexed(document, 1, "any", 1, Now));
    }

    [Fact]
    public async Task The_switched_tenant_serves_the_new_encoders_vectors_from_the_switch_on_others_keep_theirs_and_a_snapshot_keeps_the_choice()
    {
        ChunkRecord north = Chunk("north text"), south = Chunk("south text"), later = Chunk("later north text");
        string Hash(ChunkRecord c) => EmbeddingInput.Hash("Doc", c.Text);
        var source = new VersionedVectors(new()
        {
            [(Old.Version, Hash(north))] = [1, 0], [(Old.Version, Hash(south))] = [0, 1],
            [(New.Version, Hash(north))] = [0, 1], [(New.Version, Hash(south))] = [1, 0], [(New.Version, Hash(later))] = [0, 1],
        });
        var options = Options.Create(new RetrievalOptions());
        var indexes = new SearchIndexes(options, Old, v => v == New.Version ? New : null);
        var projector = new DocumentIndexProjector(indexes, source);
        Index(projector, "t", 1, Guid.NewGuid(), north);
        Index(projector, "t", 4, Guid.NewGuid(), south);
        Index(projector, "other", 7, Guid.NewGuid(), north);
        projector.Apply("t", 10, new EncoderSwitched(Old.Version, New.Version, 2, Now));
        Index(projector, "t", 11, Guid.NewGuid(), later); // same page, after the switch: loaded under the new version
        await projector.FlushAsync(CancellationToken.None);

        projector.ChunksWithoutVectors.ShouldBe(0);
        indexes.StoredVectorVersionOf("t").ShouldBe(New.Version);
        indexes.StoredVectorVersionOf("other").ShouldBe(Old.Version);
        Top(indexes, "t").ShouldBe((New.Version, north.ChunkId));
        indexes.For("t").Count.ShouldBe(3);
        Top(indexes, "other").ShouldBe((Old.Version, north.ChunkId));

        using var buffer = new MemoryStream();
        indexes.Write(new BinaryWriter(buffer));
        buffer.Position = 0;
        var restored = new SearchIndexes(options, Old, v => v == New.Version ? New : null);
        restored.Read(new BinaryReader(buffer));
        restored.StoredVectorVersionOf("t").ShouldBe(New.Version);
        restored.StoredVectorVersionOf("other").ShouldBe(Old.Version);
        Top(restored, "t").ShouldBe((New.Version, north.ChunkId));
    }

    [Fact]
    public async Task A_host_that_cannot_load_the_switched_encoder_says_which_and_how_to_fix_it()
    {
        var indexes = new SearchIndexes(Options.Create(new RetrievalOptions()), Old, _ => null);
        var projector = new DocumentIndexProjector(indexes, new VersionedVectors([]));
        projector.Apply("t", 1, new EncoderSwitched(Old.Version, New.Version, 0, Now));
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => projector.FlushAsync(CancellationToken.None));
        failure.Message.ShouldContain(New.Version);
        failure.Message.ShouldContain("Embedding:Model");
    }

    private static (string? Model, Guid Chunk) Top(SearchIndexes indexes, string tenant)
    {
        var result = indexes.For(tenant).Search(new SearchRequest("north", 3, FusionMethod.Weighted, SearchFilter.None, Mode: RetrieverMode.Dense));
        return (result.EmbeddingModel, result.Hits[0].Chunk.ChunkId);
    }
}
