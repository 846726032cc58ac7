namespace EventSourcedRag.Retrieval.Answering;

/// <summary>Writes an answer from the shown sources, citing them as [n] where n is the source's position.</summary>
public interface IAnswerGenerator
{
    string Name { get; }

    Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength, CancellationToken cancellationToken);
}
