using System.Collections.Concurrent;
using EventSourcedRag.Infrastructure.Ingestion.Embedding;
using EventSourcedRag.Retrieval.Dense;
using EventSourcedRag.Testing;

namespace EventSourcedRag.Infrastructure.Tests.Ingestion;

/// <summary>Documents embedded at the same time share encoder calls, each gets its own vectors back, and one bad text fails only its document.</summary>
public class EmbeddingBatcherTests
{
    /// <summary>Vector = [length of the text]; "poison" fails any call it is in. The first call waits until released, so others queue behind it.</summary>
    private sealed class CountingEncoder : IEmbedder
    {
        public readonly ConcurrentQueue<int> Calls = new();
        public readonly ManualResetEventSlim FirstCallMayFinish = new(false);
        public string Version => "counting";
        public int Dimensions => 1;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts)
        {
            Calls.Enqueue(texts.Count);
            if (Calls.Count == 1) FirstCallMayFinish.Wait(TimeSpan.FromSeconds(10));
            if (texts.Contains("poison")) throw new InvalidOperationException("cannot embed poison");
            return texts.Select(t => new float[] { t.Length }).ToList();
        }

        public float[] EmbedQuery(string text) => [text.Length];
    }

    [Fact]
    public async Task Requests_queued_behind_a_running_call_are_merged_into_one_and_each_gets_its_own_vectors_in_order()
    {
        var encoder = new CountingEncoder();
        await using var batcher = new EmbeddingBatcher(maxTexts: 64, gather: TimeSpan.FromMilliseconds(1));
        var first = batcher.EncodeAsync(encoder, ["a"], CancellationToken.None);
        await Eventually.Get(() => Task.FromResult(encoder.Calls.Count), c => c == 1, what: "the first call to start");
        var waiting = Enumerable.Range(1, 5).Select(i => batcher.EncodeAsync(encoder, [new string('x', i), new string('y', 10 * i)], CancellationToken.None)).ToList();
        await Task.Delay(50);
        encoder.FirstCallMayFinish.Set();

        (await first).Single().Vector.ShouldBe([1f]);
        for (var i = 1; i <= 5; i++)
            (await waiting[i - 1]).Select(e => e.Vector[0]).ShouldBe([i, 10f * i]);
        encoder.Calls.ShouldBe([1, 10]);
    }

    [Fact]
    public async Task A_merged_call_that_fails_is_repeated_per_document_so_only_the_bad_document_fails()
    {
        var encoder = new CountingEncoder();
        await using var batcher = new EmbeddingBatcher(maxTexts: 64, gather: TimeSpan.FromMilliseconds(1));
        var first = batcher.EncodeAsync(encoder, ["a"], CancellationToken.None);
        await Eventually.Get(() => Task.FromResult(encoder.Calls.Count), c => c == 1, what: "the first call to start");
        var good = batcher.EncodeAsync(encoder, ["good"], CancellationToken.None);
        var bad = batcher.EncodeAsync(encoder, ["poison"], CancellationToken.None);
        await Task.Delay(50);
        encoder.FirstCallMayFinish.Set();

        await first;
        (await good).Single().Vector.ShouldBe([4f]);
        (await Should.ThrowAsync<InvalidOperationException>(() => bad)).Message.ShouldContain("poison");
    }

    [Fact]
    public async Task No_merged_call_exceeds_the_text_limit()
    {
        var encoder = new CountingEncoder();
        encoder.FirstCallMayFinish.Set();
        await using var batcher = new EmbeddingBatcher(maxTexts: 4, gather: TimeSpan.FromMilliseconds(20));
        var all = Enumerable.Range(0, 6).Select(_ => batcher.EncodeAsync(encoder, ["p", "q", "r"], CancellationToken.None)).ToList();
        await Task.WhenAll(all);
        encoder.Calls.ShouldAllBe(c => c <= 4);
        encoder.Calls.Sum().ShouldBe(18);
    }
}
