using System.Diagnostics;
using EventSourcedRag.Domain.Queries;
using EventSourcedRag.Infrastructure.Platform.Observability;
using EventSourcedRag.Infrastructure.Search;
using EventSourcedRag.Retrieval.Answering;
using Microsoft.Extensions.Options;

namespace EventSourcedRag.Infrastructure.Queries;

/// <summary>
/// The generate stage of a query, served or replayed. The generator is the one stage a query can do without:
/// when it fails, overruns <see cref="RetrievalOptions.GenerateTimeout"/> or its circuit is open, the user still
/// gets the ranked sources, and the response says the answer was left out and why.
/// </summary>
public sealed class AnswerStage(IAnswerGenerator generator, IOptions<RetrievalOptions> retrieval)
{
    public string Name => generator.Name;

    /// <param name="fragments">Where to stream the answer as it is written; null answers in one piece.</param>
    /// <param name="degraded">Receives the degradation when the answer is left out.</param>
    public async Task<GeneratedAnswer> RunAsync(string question, IReadOnlyList<AnswerSource> sources, double strength, AnswerFragmentSink? fragments,
        List<Degradation> degraded, CancellationToken ct)
    {
        var timeout = retrieval.Value.GenerateTimeout;
        using var span = Telemetry.Stage("generate")?.SetTag("esrag.generator", generator.Name);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var answering = fragments is null
                ? generator.GenerateAsync(question, sources, strength, deadline.Token)
                : generator.StreamAsync(question, sources, strength, fragments, deadline.Token);
            return await answering.WaitAsync(timeout, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            var reason = ex is TimeoutException || deadline.IsCancellationRequested
                ? $"No answer within {timeout.TotalSeconds:0.###} s."
                : $"{ex.GetType().Name}: {ex.Message}";
            span?.SetStatus(ActivityStatusCode.Error, reason);
            degraded.Add(new Degradation(DegradedStage.Generate, generator.Name, reason));
            return new GeneratedAnswer("", [], 0);
        }
    }
}
