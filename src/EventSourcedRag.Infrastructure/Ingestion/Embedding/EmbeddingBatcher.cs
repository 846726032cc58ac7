using System.Threading.Channels;
using EventSourcedRag.Infrastructure.Embeddings;
using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Ingestion.Embedding;

/// <summary>
/// Merges the texts of documents embedded at the same time (concurrent messages on the embedding queue) into one
/// encoder call, one call at a time. A small document alone is a batch of one that leaves the cores half used, and
/// concurrent calls would fight over the same cores; merged, the store reads and writes of one message overlap the
/// forward pass of others. A merged call that fails is repeated per document, so only the document at fault fails.
/// </summary>
public sealed class EmbeddingBatcher : IAsyncDisposable
{
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxTexts;
    private readonly TimeSpan _gather;
    private readonly Task _loop;

    /// <param name="maxTexts">Texts per merged call at most (a document larger than this is one call of its own).</param>
    /// <param name="gather">How long the first request waits for others to join it.</param>
    public EmbeddingBatcher(int maxTexts, TimeSpan gather)
    {
        _maxTexts = maxTexts;
        _gather = gather;
        _loop = Task.Run(RunAsync);
    }

    public Task<IReadOnlyList<EncodedText>> EncodeAsync(IEmbedder encoder, IReadOnlyList<string> texts, CancellationToken ct)
    {
        var request = new Request(encoder, texts, new TaskCompletionSource<IReadOnlyList<EncodedText>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_requests.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(EmbeddingBatcher));
        return request.Result.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        Request? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            if (carried is null && !reader.TryRead(out carried)) continue;
            var batch = new List<Request> { carried };
            carried = null;
            var texts = batch[0].Texts.Count;
            using var window = new CancellationTokenSource(_gather);
            try
            {
                while (texts < _maxTexts && await reader.WaitToReadAsync(window.Token) && reader.TryRead(out var next))
                {
                    if (next.Encoder != batch[0].Encoder || texts + next.Texts.Count > _maxTexts)
                    {
                        carried = next; // starts the next call
                        break;
                    }
                    batch.Add(next);
                    texts += next.Texts.Count;
                }
            }
            catch (OperationCanceledException) { } // the window closed: run what was gathered
            Run(batch);
        }
    }

    private static void Run(List<Request> batch)
    {
        try
        {
            var encoded = EncodeNow(batch[0].Encoder, batch.SelectMany(r => r.Texts).ToList());
            var offset = 0;
            foreach (var request in batch)
            {
                request.Result.TrySetResult(encoded.Skip(offset).Take(request.Texts.Count).ToList());
                offset += request.Texts.Count;
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var request in batch) Run([request]);
        }
        catch (Exception ex)
        {
            batch[0].Result.TrySetException(ex);
        }
    }

    /// <summary>One encoder call, on the caller's thread. An encoder that does not count its tokens (another IEmbedder) gives 0 tokens and no truncation.</summary>
    public static IReadOnlyList<EncodedText> EncodeNow(IEmbedder embedder, IReadOnlyList<string> texts) =>
        embedder is OnnxSentenceEmbedder onnx ? onnx.Encode(texts) : embedder.Embed(texts).Select(v => new EncodedText(v, 0, false)).ToList();

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop;
    }

    private sealed record Request(IEmbedder Encoder, IReadOnlyList<string> Texts, TaskCompletionSource<IReadOnlyList<EncodedText>> Result);
}
