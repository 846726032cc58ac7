namespace EventSourcedRag.Retrieval.Answering;

/// <summary>Writes a fragment of an answer as it is produced (to a streaming client).</summary>
public delegate ValueTask AnswerFragmentSink(string fragment, CancellationToken cancellationToken);

/// <summary>Writes an answer from the shown sources, citing them as [n] where n is the source's position.</summary>
public interface IAnswerGenerator
{
    string Name { get; }

    Task<GeneratedAnswer> GenerateAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength, CancellationToken cancellationToken);

    /// <summary>
    /// The same answer, with its text passed to <paramref name="fragments"/> piece by piece as it is written. The
    /// returned answer is the authoritative one (checked, possibly differing from the fragments when a check
    /// removed a citation). A generator that writes all at once passes its answer sentence by sentence.
    /// </summary>
    async Task<GeneratedAnswer> StreamAsync(string question, IReadOnlyList<AnswerSource> sources, double retrievalStrength,
        AnswerFragmentSink fragments, CancellationToken cancellationToken)
    {
        var answer = await GenerateAsync(question, sources, retrievalStrength, cancellationToken);
        foreach (var piece in Pieces(answer.Text)) await fragments(piece, cancellationToken);
        return answer;
    }

    /// <summary>Text cut after each sentence and its citations, every piece keeping its trailing space, so the pieces join back to the text.</summary>
    static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == ' ' && i > 0 && (text[i - 1] == ']' || (text[i - 1] is '.' or '!' or '?' && i + 1 < text.Length && text[i + 1] != '[')))
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        if (start < text.Length) yield return text[start..];
    }
}
