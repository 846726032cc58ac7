using EventSourcedRag.Infrastructure.Platform.Resilience;
using EventSourcedRag.Retrieval.Answering;
using Microsoft.Extensions.Logging;

namespace EventSourcedRag.Infrastructure.Generation;

/// <summary>
/// A remote generator behind a per-attempt timeout, retries with back-off and a circuit breaker. A retry is
/// made only while nothing has been streamed: once a client has seen fragments, a second attempt would show
/// it a different answer, so a failure then ends the answer. When the circuit is open, calls fail at once
/// (<see cref="GeneratorUnavailable"/>) and queries are served without an answer instead of waiting.
/// </summary>
public sealed class ResilientAnswerGenerator(IAnswerGenerator inner, GeneratorOptions options, CircuitBreaker circuit, TimeProvider clock,
    ILogger<ResilientAnswerGenerator> logger) : IAnswerGenerator
{
    public string Name => inner.Name;

    public CircuitBreaker Circuit => circuit;

    public Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength, CancellationToken cancellationToken) =>
        RunAsync(token => inner.GenerateAsync(question, sources, retrievalStrength, token), () => false, cancellationToken);

    public Task<GeneratedAnswer> StreamAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength,
        AnswerFragmentSink fragments, CancellationToken cancellationToken)
    {
        var streamed = false;
        return RunAsync(token => inner.StreamAsync(question, sources, retrievalStrength, (fragment, ct) =>
        {
            streamed = true;
            return fragments(fragment, ct);
        }, token), () => streamed, cancellationToken);
    }

    private async Task<GeneratedAnswer> RunAsync(Func<CancellationToken, Task<GeneratedAnswer>> attempt, Func<bool> streamed, CancellationToken ct)
    {
        var backoff = options.RetryBackoff;
        for (var tries = 0; ; tries++)
        {
            if (!circuit.TryPass(out var retryAfter, out var trial))
                throw new GeneratorUnavailable($"The generator's circuit is open after repeated failures; next trial in {Math.Max(0, retryAfter.TotalSeconds):0.#} s.");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(options.Timeout);
            try
            {
                var answer = await attempt(deadline.Token).WaitAsync(options.Timeout, clock, ct);
                circuit.Succeeded(trial);
                return answer;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                circuit.Failed(trial);
                // The SDK's own network timeout surfaces as a cancellation the caller did not ask for.
                var failure = e is TimeoutException or OperationCanceledException || deadline.IsCancellationRequested
                    ? new TimeoutException($"The generator gave no answer within {options.Timeout.TotalSeconds:0.###} s.", e)
                    : e;
                if (tries >= options.Retries || streamed() || circuit.State != CircuitState.Closed)
                {
                    if (failure == e) throw;
                    throw failure;
                }
                logger.LogWarning("Generator {Generator} attempt {Attempt} failed ({Error}); retrying in {Backoff} ms", Name, tries + 1, failure.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, clock, ct);
                backoff *= 2;
            }
        }
    }
}
