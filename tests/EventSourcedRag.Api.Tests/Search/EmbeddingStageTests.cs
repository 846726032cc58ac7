using EventSourcedRag.Api.Tests.Fixtures;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Infrastructure.Platform.Messaging;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Testing;
using EventSourcedRag.Testing.Onnx;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Api.Tests.Search;

/// <summary>A small ONNX encoder in a folder, whose position table holds 24 tokens: longer texts fail to embed, as a real model past its positions does.</summary>
public class TinyEncoderFixture : ApiFixture
{
    public static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "refund", "cancellation", "policy", "vacation", "days", "office", "lunch", "the", "a", "is", ".", "long"];
    public string Folder { get; } = Directory.CreateTempSubdirectory("tiny-encoder-").FullName;

    public TinyEncoderFixture() => TinyModel.Write(Folder, Vocabulary, TinyModel.Table(Vocabulary.Length, 16), 16, maxPositions: 24);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Embedding:Model"] = "folder",
        ["Embedding:ModelFolder"] = Folder,
        ["Embedding:MaxLength"] = "64",
        ["Messaging:RetryLimit"] = "0",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

public class EmbeddingStageTests(TinyEncoderFixture api) : IClassFixture<TinyEncoderFixture>
{
    private SearchIndexes Indexes => api.Services<SearchIndexes>();

    [Fact]
    public async Task A_document_is_embedded_once_by_the_worker_and_every_index_serves_its_stored_vectors()
    {
        var id = await api.IngestTextAsync("Refund policy", "The refund policy is a cancellation policy.");
        var view = await api.WaitUntilIndexedAsync(id);
        var version = Indexes.EncoderVersion!;
        version.ShouldStartWith(Path.GetFileName(api.Folder) + "@sha256:");
        view.GetProperty("embedding_model").GetString().ShouldBe(version);

        var stored = await api.Services<ChunkVectorStore>().CountAsync("default", version, CancellationToken.None);
        stored.ShouldBeGreaterThanOrEqualTo(1);

        var answer = await api.AskAsync("refund cancellation", new { query = "refund cancellation", retriever = "dense" });
        answer.GetProperty("model_info").GetProperty("embedding_model").GetString().ShouldBe(version);
        answer.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("document_id").GetGuid()).ShouldContain(id);
    }

    [Fact]
    public async Task A_chunk_the_encoder_cannot_embed_fails_its_document_goes_to_the_error_queue_and_does_not_stall_the_queue()
    {
        var tooLong = string.Join(' ', Enumerable.Repeat("long", 40)) + ".";
        var failed = await api.IngestWithoutWaitingAsync("Long", tooLong);
        var view = await api.WaitUntilIndexedAsync(failed, status: "failed");
        view.GetProperty("error").GetString()!.ShouldStartWith("Embedding failed for chunk 0");

        var next = await api.IngestTextAsync("Vacation", "Vacation days.");
        (await api.WaitUntilIndexedAsync(next)).GetProperty("status").GetString().ShouldBe("indexed");

        var messaging = api.Services<IOptions<Infrastructure.Platform.Messaging.MessagingOptions>>().Value;
        var errors = await Eventually.Get(async () => (await api.Services<BrokerProbe>().ReadAsync(CancellationToken.None)).QueueDepths.GetValueOrDefault(messaging.EmbedQueueName + "_error"),
            d => d >= 1, what: "the dead-lettered embedding message");
        errors.ShouldBe(1);
    }
}
